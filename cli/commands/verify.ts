import type { KeyObject } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { sdkRetryConfig } from '#shared/aws/client-settings';
import { VigilError } from '#shared/errors';
import { DIGESTS_PREFIX, publicKeyFingerprint } from '#shared/evidence/digest';
import { fetchKmsPublicKey } from '#shared/evidence/digest-signer';
import { EvidenceError } from '#shared/evidence/errors';
import { S3EvidenceObjects } from '#shared/evidence/s3-evidence-objects';
import { verifyBundle } from '#shared/evidence/verify-bundle';
import {
  PROBLEM_KINDS,
  type PublicKeyResolver,
  type VerificationReport,
  verifyBucket,
} from '#shared/evidence/verify-evidence';
import { CliUsageError, type Command, EXIT, parseCommandArgs, parseFormat } from '../command';
import { type CliIo, colorsFor, writeError } from '../io';
import { readPublicKeyFile } from '../public-key-file';

const FORMATS = ['text', 'json'] as const;

const OPTIONS = {
  bucket: { type: 'string', short: 'b' },
  bundle: { type: 'string' },
  prefix: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'retention-days': { type: 'string' },
  'skip-retention': { type: 'boolean' },
  'public-key': { type: 'string' },
  'endpoint-url': { type: 'string' },
  region: { type: 'string' },
  concurrency: { type: 'string' },
  format: { type: 'string', short: 'f' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: vigil verify --bucket BUCKET [options]
       vigil verify --bundle DIR [--public-key FILE]

Proves that evidence was neither altered nor removed. Walks the signed hourly digest chain and checks that
every listed finding exists with its SHA-256, every finding written during a sealed hour is listed, each
digest links to the one of the hour before (by key and SHA-256) and its RSA-PSS signature verifies, and
(in a bucket) every object is locked in Object Lock COMPLIANCE mode for long enough.

Options:
  -b, --bucket BUCKET        the evidence bucket to verify
      --bundle DIR           an exported bundle to verify offline (see vigil export)
      --prefix PREFIX        only the digest chains under PREFIX (default: digests/, every chain),
                             e.g. digests/111122223333/us-east-1/
      --from DATE            first day (YYYY-MM-DD, UTC) or ISO-8601 time with a zone (default: the start)
      --to DATE              last day, included (YYYY-MM-DD), or an exclusive ISO-8601 time (default: now)
      --retention-days N     minimum COMPLIANCE retention, in days (default: only the mode is checked)
      --skip-retention       do not check Object Lock (an unlocked copy of the evidence)
      --public-key FILE      trusted PEM public key of the signing key (default: read from KMS with
                             GetPublicKey; for a bundle, the key in its manifest)
      --endpoint-url URL     S3 and KMS endpoint (a local emulator), with path-style addressing
      --region REGION        AWS region of the clients (default: the SDK's)
      --concurrency N        objects read at once (default: 16)
  -f, --format text|json     output format (default: text)
  -h, --help                 show this help

Exit codes:
  0  PASS: nothing missing, altered, unlisted, unlinked, unsigned or under-retained
  1  problems found (each printed with its key)
  2  bad input: missing or malformed flag, unreadable bucket or bundle
`;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

function parseInstant(flag: string, value: string | undefined, endOfDay: boolean): Date | undefined {
  if (value === undefined) return undefined;
  if (DATE_ONLY.test(value)) {
    const start = new Date(`${value}T00:00:00.000Z`);
    if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== value) {
      throw new CliUsageError(`verify: ${flag} '${value}' is not a calendar date`);
    }
    return endOfDay ? new Date(start.getTime() + DAY_MS) : start;
  }
  const date = new Date(value);
  if (!DATE_TIME.test(value) || Number.isNaN(date.getTime())) {
    throw new CliUsageError(
      `verify: ${flag} '${value}' is not a date (YYYY-MM-DD) or an ISO-8601 time with a zone`,
    );
  }
  return date;
}

function wholeNumber(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new CliUsageError(`verify: ${flag} '${value}' is not a whole number from ${min} to ${max}`);
  }
  return parsed;
}

/** Resolves a digest's key only when it is the pinned key. */
function pinnedResolver(key: KeyObject): PublicKeyResolver {
  const fingerprint = publicKeyFingerprint(key);
  return async (signing) => (signing.publicKeyFingerprint === fingerprint ? key : undefined);
}

/** Resolves a digest's key with KMS GetPublicKey (once per key id), if its fingerprint is the one signed. */
function kmsResolver(kms: (keyId: string) => KMSClient, warn: (message: string) => void): PublicKeyResolver {
  const cache = new Map<string, Promise<KeyObject | undefined>>();
  return async (signing) => {
    let pending = cache.get(signing.keyId);
    if (pending === undefined) {
      pending = fetchKmsPublicKey(kms(signing.keyId), signing.keyId).then(
        (fetched) => fetched.publicKey,
        (error: unknown) => {
          const cause =
            error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
          warn(
            `${error instanceof Error ? error.message : String(error)}${cause}; its digests count as unsigned`,
          );
          return undefined;
        },
      );
      cache.set(signing.keyId, pending);
    }
    const key = await pending;
    return key !== undefined && publicKeyFingerprint(key) === signing.publicKeyFingerprint ? key : undefined;
  };
}

/** The report as text: one line per problem, then a PASS or FAIL summary line. */
export function renderVerification(report: VerificationReport, io: CliIo, retentionDays?: number): string {
  const colors = colorsFor(io);
  const span =
    report.from !== undefined && report.to !== undefined ? ` (${report.from} to ${report.to})` : '';
  const records = report.remediationRecords === 0 ? '' : `, ${report.remediationRecords} remediation records`;
  const scope = `${report.digests} digests${span}, ${report.findings} findings${records}`;
  if (report.problems.length === 0) {
    const keys =
      report.signingKeys.length === 0 ? '' : ` (key sha256:${report.signingKeys.join(', sha256:')})`;
    const retention = retentionDays === undefined ? '' : `; retention COMPLIANCE >= ${retentionDays} days`;
    return `${colors.green(colors.bold('PASS'))}  ${scope}: chain unbroken, signatures valid${keys}, every finding listed and intact${retention}\n`;
  }
  const width = Math.max(...report.problems.map((problem) => problem.kind.length));
  const lines = report.problems.map(
    (problem) =>
      `${colors.red(problem.kind.toUpperCase().padEnd(width))}  ${problem.key}  ${colors.dim(problem.detail)}`,
  );
  const counts = PROBLEM_KINDS.map(
    (kind) => [kind, report.problems.filter((problem) => problem.kind === kind).length] as const,
  )
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
  return `${lines.join('\n')}\n${colors.red(colors.bold('FAIL'))}  ${scope}: ${report.problems.length} problems (${counts})\n`;
}

/** `vigil verify`: exit 0 on PASS, 1 when problems were found, 2 on bad input. */
export async function runVerify(argv: readonly string[], io: CliIo): Promise<number> {
  const created: { destroy(): void }[] = [];
  try {
    const { values, positionals } = parseCommandArgs('verify', argv, OPTIONS, true);
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    if (positionals.length > 0) throw new CliUsageError(`verify: unexpected argument '${positionals[0]}'`);
    if ((values.bucket === undefined) === (values.bundle === undefined)) {
      throw new CliUsageError('verify: give exactly one of --bucket BUCKET or --bundle DIR');
    }
    const format = parseFormat('verify', values.format, FORMATS);
    const pinned =
      values['public-key'] === undefined
        ? undefined
        : await readPublicKeyFile('verify', values['public-key']);
    const retentionDays = wholeNumber('--retention-days', values['retention-days'], 1, 36_500);
    let report: VerificationReport;
    if (values.bundle !== undefined) {
      for (const flag of ['prefix', 'from', 'to', 'retention-days', 'endpoint-url'] as const) {
        if (values[flag] !== undefined) throw new CliUsageError(`verify: --${flag} applies to --bucket only`);
      }
      const isDirectory = await stat(values.bundle).then(
        (info) => info.isDirectory(),
        () => false,
      );
      if (!isDirectory) throw new CliUsageError(`verify: --bundle ${values.bundle} is not a directory`);
      report = await verifyBundle({
        dir: values.bundle,
        ...(pinned === undefined ? {} : { publicKeys: pinnedResolver(pinned) }),
      });
    } else {
      const from = parseInstant('--from', values.from, false);
      const to = parseInstant('--to', values.to, true);
      if (from !== undefined && to !== undefined && from >= to) {
        throw new CliUsageError('verify: --from must be before --to');
      }
      const prefix = values.prefix ?? DIGESTS_PREFIX;
      if (!prefix.startsWith(DIGESTS_PREFIX)) {
        throw new CliUsageError(`verify: --prefix must start with ${DIGESTS_PREFIX}`);
      }
      const endpoint = values['endpoint-url'];
      const common = {
        ...sdkRetryConfig(),
        ...(values.region === undefined ? {} : { region: values.region }),
        ...(endpoint === undefined ? {} : { endpoint }),
      };
      const s3 = new S3Client({
        ...common,
        forcePathStyle: endpoint !== undefined,
        followRegionRedirects: true,
      });
      created.push(s3);
      // A key ARN names its region; KMS only answers for a key in its own region.
      const kmsClients = new Map<string, KMSClient>();
      const kmsClient = (keyId: string): KMSClient => {
        const region = /^arn:[^:]+:kms:([^:]+):/.exec(keyId)?.[1] ?? values.region ?? '';
        let client = kmsClients.get(region);
        if (client === undefined) {
          client = new KMSClient({ ...common, ...(region === '' ? {} : { region }) });
          kmsClients.set(region, client);
          created.push(client);
        }
        return client;
      };
      report = await verifyBucket({
        reader: new S3EvidenceObjects({ client: s3, bucket: values.bucket ?? '' }),
        publicKeys:
          pinned === undefined
            ? kmsResolver(kmsClient, (message) => writeError(io, message))
            : pinnedResolver(pinned),
        prefix,
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        ...(retentionDays === undefined ? {} : { retentionDays }),
        skipRetention: values['skip-retention'] === true,
        now: io.now(),
        concurrency: wholeNumber('--concurrency', values.concurrency, 1, 256) ?? 16,
        ...(io.stderrIsTTY ? { onProgress: progressLine(io) } : {}),
      });
    }
    if (format === 'json')
      io.stdout.write(`${JSON.stringify({ pass: report.problems.length === 0, ...report }, null, 2)}\n`);
    else
      io.stdout.write(renderVerification(report, io, values['skip-retention'] ? undefined : retentionDays));
    return report.problems.length === 0 ? EXIT.OK : EXIT.FINDINGS;
  } catch (error) {
    // A bucket or bundle that cannot be read at all is bad input, not a finding.
    if (error instanceof VigilError) {
      const cause =
        error instanceof EvidenceError && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      writeError(io, `${error.message}${cause}`);
      return EXIT.USAGE;
    }
    throw error;
  } finally {
    for (const client of created) client.destroy();
  }
}

function progressLine(io: CliIo): (checked: number, total: number) => void {
  let last = 0;
  return (checked, total) => {
    const now = Date.now();
    if (checked !== total && now - last < 250) return;
    last = now;
    io.stderr.write(`\r\x1b[2Kverify: ${checked}/${total} findings checked${checked === total ? '\n' : ''}`);
  };
}

/** The `verify` entry of the command table. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'prove evidence was not altered or removed (digest chain, hashes, signatures, Object Lock)',
  help: HELP,
  run: runVerify,
};
