import type { KeyObject } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { sdkRetryConfig } from '#shared/aws/client-settings';
import { describeError, VigilError } from '#shared/errors';
import { DIGESTS_PREFIX, publicKeyFingerprint } from '#shared/evidence/digest';
import { fetchKmsPublicKey, kmsKeyRegion } from '#shared/evidence/digest-signer';
import { EvidenceError } from '#shared/evidence/errors';
import { S3EvidenceObjects } from '#shared/evidence/s3-evidence-objects';
import { verifyBucket } from '#shared/evidence/verify-bucket';
import { verifyBundle } from '#shared/evidence/verify-bundle';
import {
  type KeyPin,
  PROBLEM_KINDS,
  type PublicKeyResolver,
  type Verdict,
  type VerificationReport,
  type VerificationScope,
  verdictOf,
} from '#shared/evidence/verify-evidence';
import { CliUsageError, type Command, EXIT, parseCommandArgs, parseFormat } from '../command';
import { parseEvidenceScope } from '../evidence-scope';
import { type CliIo, colorsFor, writeError } from '../io';
import { readPublicKeyFile } from '../public-key-file';

const FORMATS = ['text', 'json'] as const;

const OPTIONS = {
  bucket: { type: 'string', short: 'b' },
  bundle: { type: 'string' },
  prefix: { type: 'string' },
  account: { type: 'string', multiple: true },
  'evidence-region': { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  'retention-days': { type: 'string' },
  'skip-retention': { type: 'boolean' },
  'public-key': { type: 'string' },
  'kms-key': { type: 'string' },
  'key-fingerprint': { type: 'string' },
  'endpoint-url': { type: 'string' },
  region: { type: 'string' },
  concurrency: { type: 'string' },
  format: { type: 'string', short: 'f' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: vigil verify --bucket BUCKET [options] (--kms-key ARN | --key-fingerprint sha256:HEX | --public-key FILE)
       vigil verify --bundle DIR [options] (--kms-key ARN | --key-fingerprint sha256:HEX | --public-key FILE)

Proves that evidence was neither altered nor removed. Walks the signed hourly digest chain and checks that
each digest links to the one of the hour before (by key and SHA-256) and its RSA-PSS signature verifies.
In a bucket, for every sealed hour: every object version the digest lists exists with its SHA-256 and is
locked in Object Lock COMPLIANCE mode for long enough, no evidence key has a second version (OVERWRITTEN)
or a delete marker (DELETED), every version under the hour is listed (UNLISTED), and every finding and
attestation line parses and keeps its resource-rule chain (MALFORMED, BROKEN-CHAIN).
A bundle's signed manifest is checked first: it proves the bundle's period, scope, chains, accounts,
regions and file hashes; then every hour of every chain it covers has a digest, every object version the
digests list is in the bundle with its SHA-256, and findings.jsonl, attestations.jsonl and remediations.jsonl
hold exactly the records of those objects, once each (DUPLICATE). A chain removed from the bundle is named.
Each account-region chain gets a line of its own: digests, findings and its problems.

Pin the signing key with one of --kms-key, --key-fingerprint or --public-key, obtained apart from the
evidence. Without a pin every check still runs with the key the evidence names, the verdict is UNPINNED
(exit 4) and its fingerprint is printed, to confirm with the key's owner and pin.

Options:
  -b, --bucket BUCKET        the evidence bucket to verify
      --bundle DIR           an exported bundle to verify offline (see vigil export)
      --prefix PREFIX        only the digest chains under PREFIX (default: digests/, every chain),
                             e.g. digests/111122223333/us-east-1/
      --account ID           bucket: only this account's chains; bundle: the bundle must cover it (its
                             signed scope and a chain of it); either way MISSING when it has none;
                             repeat for more
      --evidence-region REGION
                             the same for a region of the evidence (not the clients' --region); with
                             --account, every account must have a chain in every region asked for
      --from DATE            first day (YYYY-MM-DD, UTC) or ISO-8601 time with a zone (default: the start);
                             with --bundle: the bundle must cover every chain from then (else MISSING)
      --to DATE              last day, included (YYYY-MM-DD), or an exclusive ISO-8601 time (default: now);
                             with --bundle: the bundle must cover every chain until then
      --retention-days N     minimum COMPLIANCE retention, in days (default: only the mode is checked)
      --skip-retention       do not check Object Lock (an unlocked copy of the evidence)
      --kms-key ARN          pin the signing key: its public key is read with GetPublicKey, with your
                             own credentials (ARN, id or alias)
      --key-fingerprint sha256:HEX
                             pin the signing key by the SHA-256 of its SPKI DER (the fingerprint vigil
                             prints); the key itself may then come from the bundle or from KMS
      --public-key FILE      pin the signing key: a PEM public key file
      --endpoint-url URL     S3 and KMS endpoint (a local emulator), with path-style addressing (with
                             --bundle: for --kms-key only)
      --region REGION        AWS region of the clients (default: the SDK's)
      --concurrency N        objects read at once (default: 16)
  -f, --format text|json     output format (default: text)
  -h, --help                 show this help

Exit codes:
  0  PASS: nothing missing, altered, overwritten, deleted, unlisted, unlinked, duplicated, unsigned or
     under-retained, with the pinned key
  1  problems found (each printed with its key)
  2  bad input: missing or malformed flag, unreadable bucket, bundle or --kms-key
  4  UNPINNED: nothing found, but only with a key the evidence names; confirm its fingerprint and pin it
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

const FINGERPRINT = /^(?:sha256:)?([0-9a-fA-F]{64})$/;
const PIN_FLAGS = ['public-key', 'kms-key', 'key-fingerprint'] as const;

/** The key the auditor pinned with one of the pin flags, or none. */
async function readPin(
  values: Partial<Record<(typeof PIN_FLAGS)[number], string>>,
  kms: (keyId: string) => KMSClient,
): Promise<KeyPin | undefined> {
  const given = PIN_FLAGS.filter((flag) => values[flag] !== undefined);
  if (given.length > 1) {
    throw new CliUsageError(
      `verify: give one of --public-key, --kms-key or --key-fingerprint, not ${given.length}`,
    );
  }
  const file = values['public-key'];
  if (file !== undefined) return { kind: 'key', key: await readPublicKeyFile('verify', file) };
  const keyId = values['kms-key'];
  if (keyId !== undefined) {
    try {
      return { kind: 'key', key: (await fetchKmsPublicKey(kms(keyId), keyId)).publicKey };
    } catch (error) {
      throw new CliUsageError(`verify: --kms-key ${keyId}: ${describeError(error)}`, { cause: error });
    }
  }
  const fingerprint = values['key-fingerprint'];
  if (fingerprint === undefined) return undefined;
  const hex = FINGERPRINT.exec(fingerprint)?.[1];
  if (hex === undefined) {
    throw new CliUsageError(`verify: --key-fingerprint '${fingerprint}' is not sha256: and 64 hex digits`);
  }
  return { kind: 'fingerprint', fingerprint: hex.toLowerCase() };
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

function scopeLine(scope: VerificationScope | undefined, bundle: boolean): string | undefined {
  if (scope === undefined) {
    return bundle ? 'scope: not stated (a bundle exported before bundles carried their scope)' : undefined;
  }
  const part = (values: VerificationScope['accounts'], one: string, many: string): string =>
    values === 'all' ? `every ${one}` : `${values.length === 1 ? one : many} ${values.join(', ')}`;
  return `scope: ${part(scope.accounts, 'account', 'accounts')}, ${part(scope.regions, 'region', 'regions')}`;
}

function problemCounts(counts: Partial<Record<string, number>>): { total: number; text: string } {
  const present = PROBLEM_KINDS.flatMap((kind) => {
    const count = counts[kind] ?? 0;
    return count > 0 ? [`${count} ${kind}`] : [];
  });
  const total = PROBLEM_KINDS.reduce((sum, kind) => sum + (counts[kind] ?? 0), 0);
  return { total, text: present.join(', ') };
}

/** One indented line per account–region chain (and the scope first), for any verdict. */
function chainLines(
  report: VerificationReport,
  colors: ReturnType<typeof colorsFor>,
  bundle: boolean,
): string {
  const scope = scopeLine(report.scope, bundle);
  const width = Math.max(0, ...report.chains.map((chain) => `${chain.accountId}/${chain.region}`.length));
  const lines = report.chains.map((chain) => {
    const span = chain.from !== undefined && chain.to !== undefined ? ` (${chain.from} to ${chain.to})` : '';
    const attestations = chain.attestations === 0 ? '' : `, ${chain.attestations} attestations`;
    const records = chain.remediationRecords === 0 ? '' : `, ${chain.remediationRecords} remediation records`;
    const { total, text } = problemCounts(chain.problems);
    const status = total === 0 ? colors.green('ok') : colors.red(`${total} problems (${text})`);
    return `  chain ${`${chain.accountId}/${chain.region}`.padEnd(width)}  ${chain.digests} digests${span}, ${chain.findings} findings${attestations}${records}: ${status}\n`;
  });
  return `${scope === undefined ? '' : `  ${scope}\n`}${lines.join('')}`;
}

/**
 * The report as text: one line per problem, then the scope and a line per chain, then the FAIL summary; or
 * the PASS / UNPINNED line first, then the scope and chains.
 */
export function renderVerification(
  report: VerificationReport,
  io: CliIo,
  retentionDays?: number,
  bundle = false,
): string {
  const colors = colorsFor(io);
  const span =
    report.from !== undefined && report.to !== undefined ? ` (${report.from} to ${report.to})` : '';
  const attestations = report.attestations === 0 ? '' : `, ${report.attestations} attestations`;
  const records = report.remediationRecords === 0 ? '' : `, ${report.remediationRecords} remediation records`;
  const scope = `${report.digests} digests${span}, ${report.findings} findings${attestations}${records}`;
  const keys = report.signingKeys.map((fingerprint) => `sha256:${fingerprint}`).join(', ');
  const retention = retentionDays === undefined ? '' : `; retention COMPLIANCE >= ${retentionDays} days`;
  const verdict = verdictOf(report);
  const chains = chainLines(report, colors, bundle);
  if (verdict === 'PASS') {
    return `${colors.green(colors.bold('PASS'))}  ${scope}: chain unbroken, signatures valid (pinned key ${keys}), every finding listed and intact${retention}\n${chains}`;
  }
  if (verdict === 'UNPINNED') {
    const pin = report.signingKeys.length === 1 ? `--key-fingerprint ${keys}` : '--key-fingerprint';
    return `${colors.yellow(colors.bold('UNPINNED'))}  ${scope}: chain unbroken, signatures valid, every finding listed and intact${retention}, but only with the key the evidence names, which nobody pinned: confirm fingerprint ${keys} with the key's owner, then verify with ${pin} (or --kms-key ARN, --public-key FILE)\n${chains}`;
  }
  const width = Math.max(...report.problems.map((problem) => problem.kind.length));
  const lines = report.problems.map(
    (problem) =>
      `${colors.red(problem.kind.toUpperCase().padEnd(width))}  ${problem.key}  ${colors.dim(problem.detail)}`,
  );
  const counts = problemCounts(
    Object.fromEntries(
      PROBLEM_KINDS.map((kind) => [kind, report.problems.filter((problem) => problem.kind === kind).length]),
    ),
  ).text;
  return `${lines.join('\n')}\n${chains}${colors.red(colors.bold('FAIL'))}  ${scope}: ${report.problems.length} problems (${counts})\n`;
}

const EXIT_CODES: Readonly<Record<Verdict, number>> = {
  PASS: EXIT.OK,
  FAIL: EXIT.FINDINGS,
  UNPINNED: EXIT.UNPINNED,
};

/** `vigil verify`: exit 0 on PASS, 1 when problems were found, 2 on bad input, 4 when no key was pinned. */
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
    const endpoint = values['endpoint-url'];
    const common = {
      ...sdkRetryConfig(),
      ...(values.region === undefined ? {} : { region: values.region }),
      ...(endpoint === undefined ? {} : { endpoint }),
    };
    // A key ARN names its region; KMS only answers for a key in its own region.
    const kmsClients = new Map<string, KMSClient>();
    const kmsClient = (keyId: string): KMSClient => {
      const region = kmsKeyRegion(keyId) ?? values.region ?? '';
      let client = kmsClients.get(region);
      if (client === undefined) {
        client = new KMSClient({ ...common, ...(region === '' ? {} : { region }) });
        kmsClients.set(region, client);
        created.push(client);
      }
      return client;
    };
    const retentionDays = wholeNumber('--retention-days', values['retention-days'], 1, 36_500);
    const { accounts, regions } = parseEvidenceScope('verify', values);
    let report: VerificationReport;
    if (values.bundle !== undefined) {
      for (const flag of ['prefix', 'retention-days'] as const) {
        if (values[flag] !== undefined) throw new CliUsageError(`verify: --${flag} applies to --bucket only`);
      }
      const from = parseInstant('--from', values.from, false);
      const to = parseInstant('--to', values.to, true);
      if (from !== undefined && to !== undefined && from >= to) {
        throw new CliUsageError('verify: --from must be before --to');
      }
      if (endpoint !== undefined && values['kms-key'] === undefined) {
        throw new CliUsageError('verify: --endpoint-url applies to --bucket and --kms-key only');
      }
      const isDirectory = await stat(values.bundle).then(
        (info) => info.isDirectory(),
        () => false,
      );
      if (!isDirectory) throw new CliUsageError(`verify: --bundle ${values.bundle} is not a directory`);
      const pin = await readPin(values, kmsClient);
      report = await verifyBundle({
        dir: values.bundle,
        ...(pin === undefined ? {} : { pin }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        ...(accounts.length === 0 ? {} : { accounts }),
        ...(regions.length === 0 ? {} : { regions }),
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
      const pin = await readPin(values, kmsClient);
      const s3 = new S3Client({
        ...common,
        forcePathStyle: endpoint !== undefined,
        followRegionRedirects: true,
      });
      created.push(s3);
      const progress = io.stderrIsTTY ? progressLine(io) : undefined;
      report = await verifyBucket({
        reader: new S3EvidenceObjects({ client: s3, bucket: values.bucket ?? '' }),
        // With a pinned key KMS is not asked; with a pinned fingerprint KMS's key must have it.
        publicKeys: kmsResolver(kmsClient, (message) => writeError(io, message)),
        ...(pin === undefined ? {} : { pin }),
        prefix,
        ...(accounts.length === 0 ? {} : { accounts }),
        ...(regions.length === 0 ? {} : { regions }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        ...(retentionDays === undefined ? {} : { retentionDays }),
        skipRetention: values['skip-retention'] === true,
        now: io.now(),
        concurrency: wholeNumber('--concurrency', values.concurrency, 1, 256) ?? 16,
        ...(progress === undefined ? {} : { onProgress: progress.update }),
      });
      progress?.done();
    }
    const verdict = verdictOf(report);
    if (format === 'json')
      io.stdout.write(`${JSON.stringify({ verdict, pass: verdict === 'PASS', ...report }, null, 2)}\n`);
    else
      io.stdout.write(
        renderVerification(
          report,
          io,
          values['skip-retention'] ? undefined : retentionDays,
          values.bundle !== undefined,
        ),
      );
    return EXIT_CODES[verdict];
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

function progressLine(io: CliIo): { update: (checked: number) => void; done: () => void } {
  let last = 0;
  let shown = 0;
  const write = (checked: number, end: string): void => {
    io.stderr.write(`\r\x1b[2Kverify: ${checked} evidence objects checked${end}`);
  };
  return {
    update: (checked) => {
      shown = checked;
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      write(checked, '');
    },
    done: () => {
      if (shown > 0) write(shown, '\n');
    },
  };
}

/** The `verify` entry of the command table. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'prove evidence was not altered or removed (digest chain, hashes, signatures, Object Lock)',
  help: HELP,
  run: runVerify,
};
