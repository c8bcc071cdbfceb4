import type { KMSClient } from '@aws-sdk/client-kms';
import { VigilError } from '#shared/errors';
import { publicKeyPem as pemOf } from '#shared/evidence/digest';
import { KmsDigestSigner, kmsKeyRegion } from '#shared/evidence/digest-signer';
import type { ExportProgress } from '#shared/export/bundle';
import { createExportKmsClient, createExportS3Client, kmsPublicKeyResolver } from '#shared/export/clients';
import { type ExportDestination, exportTo, parseS3Url } from '#shared/export/destination';
import { ExportError } from '#shared/export/errors';
import {
  DirectoryEvidenceSource,
  type EvidenceSource,
  S3EvidenceSource,
} from '#shared/export/evidence-source';
import type { ExportSigner } from '#shared/export/manifest-signer';
import { type Period, parsePeriod, periodDays } from '#shared/export/period';
import type { FrameworkId } from '#shared/frameworks/framework';
import { parseFrameworkIds, UnknownFrameworkError } from '#shared/frameworks/registry';
import { useCustomRules } from '#shared/rules/custom-rules';
import { CliUsageError, type Command, EXIT, parseCommandArgs } from '../command';
import { parseEvidenceScope } from '../evidence-scope';
import { type CliIo, writeError } from '../io';
import { readPublicKeyFile } from '../public-key-file';

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  bucket: { type: 'string', short: 'b' },
  source: { type: 'string' },
  out: { type: 'string', short: 'o' },
  account: { type: 'string', multiple: true },
  'evidence-region': { type: 'string', multiple: true },
  region: { type: 'string' },
  'endpoint-url': { type: 'string' },
  concurrency: { type: 'string' },
  'lookback-days': { type: 'string' },
  'public-key': { type: 'string' },
  'signing-key': { type: 'string' },
  unsigned: { type: 'boolean' },
  framework: { type: 'string', multiple: true },
  rules: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: vigil export --from DATE --to DATE (--bucket BUCKET | --source DIR) [options]

Exports the evidence written in a period (whole UTC hours) into a bundle for auditors: every hourly digest of
the period for every account and region, and every evidence object they list, byte for byte; manifest.json
(the chains and hours covered, SHA-256 of every file, signed with the digest signing key in KMS);
findings.jsonl and attestations.jsonl (one record per line), findings.csv, ocsf.jsonl (OCSF Compliance
Findings for a SIEM), summary.json/.csv (per SOC 2 criterion and rule: pass rate, failures, time to
remediate) and report.html (charts, no external assets). Per framework asked for (--framework, default
soc2), summary.json "frameworks" and a report section give each control its rules' pass, failure and
accepted counts, or mark it as left to manual evidence; the findings' rules are mapped with the packs at
export time, and manifest.json records each pack's versioned id.
Check a bundle with vigil verify --bundle DIR.

Options:
      --from DATE            first day (YYYY-MM-DD, UTC) or an ISO-8601 time with a zone (required)
      --to DATE              last day, included (YYYY-MM-DD), or an exclusive ISO-8601 time (required)
  -b, --bucket BUCKET        the evidence bucket to read
      --source DIR           read a local copy of the bucket instead (aws s3 sync s3://BUCKET DIR)
  -o, --out DIR|s3://B/P     where the bundle goes (default: ./vigil-export-FROM_TO); a directory must be
                             new or empty
      --account ID           only this account's chains; repeat for more (default: every account in the
                             bucket)
      --evidence-region REGION
                             only the chains of this region of the evidence; repeat for more (default:
                             every region); manifest.json states the scope, signed
      --region REGION        AWS region of the S3 and KMS clients (default: the SDK's; a key ARN's own),
                             not a filter
      --endpoint-url URL     S3 and KMS endpoint (a local emulator), with path-style addressing
      --concurrency N        objects read at once (default: 16)
      --lookback-days N      also read N days before the period (not exported) to know the failures
                             already open when it begins (default: 0)
      --signing-key KEY      KMS key (id, ARN or alias) that signs manifest.json: the digest signing key
                             (default: the key the newest bundled digest names); needs kms:Sign and
                             kms:GetPublicKey on it
      --unsigned             write no manifest signature, for local inspection only: vigil verify never
                             passes such a bundle
      --public-key FILE      PEM public key of the digest signing key, checked against the signing key
                             (with --unsigned: copied into the manifest; default with --bucket: read from
                             KMS with the key id the digests name)
      --framework ID[,ID]    frameworks to show controls and coverage of: soc2, cis, iso27001, pci, or the
                             versioned ids soc2-2017, cis-aws-5.0.0, iso27001-2022, pci-dss-4.0; repeat,
                             or separate ids with commas (default: soc2)
      --rules DIR            the folder of the custom rules the evidence was judged with
                             (docs/custom-rules.md): their titles and framework controls in the summaries
                             and the report; a broken rule exits 2 before anything is read
  -q, --quiet                no progress on stderr
  -h, --help                 show this help

Exit codes:
  0  the bundle was written and every object read was a sound finding
  1  the bundle was written, but some objects were missing, altered or misplaced (see manifest.json problems)
  2  bad input: missing or malformed flag, unknown framework, unreadable source, destination not empty,
     signing key unknown or unusable (nothing is uploaded then)
`;

function wholeNumber(
  flag: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new CliUsageError(`export: ${flag} '${value}' is not a whole number from ${min} to ${max}`);
  }
  return parsed;
}

function defaultOut(period: Period): string {
  const days = periodDays(period);
  return `vigil-export-${days[0] ?? 'start'}_${days[days.length - 1] ?? 'end'}`;
}

/**
 * Progress for long exports on stderr: on a terminal one line rewritten at most 4 times a second, otherwise
 * one line per 10,000 findings, so logs stay short.
 */
export function progressReporter(io: CliIo): (progress: ExportProgress) => void {
  let lastTime = 0;
  let lastFindings = 0;
  return (progress) => {
    const done = progress.phase === 'done';
    const text = `export: ${progress.findings.toLocaleString('en-US')} findings (${progress.read.toLocaleString('en-US')} objects read)${
      progress.day === undefined || progress.phase !== 'findings' ? '' : `, at ${progress.day}`
    }${progress.phase === 'findings' ? '' : ` · ${progress.phase}`}`;
    if (io.stderrIsTTY) {
      const now = Date.now();
      if (!done && now - lastTime < 250) return;
      lastTime = now;
      io.stderr.write(`\r\x1b[2K${text}${done ? '\n' : ''}`);
    } else if (done || progress.findings - lastFindings >= 10_000) {
      lastFindings = progress.findings;
      io.stderr.write(`${text}\n`);
    }
  };
}

/** The frameworks named by `--framework` (SOC 2 when none is); an unknown id is a usage error naming the valid ones. */
function exportFrameworks(values: readonly string[] | undefined): FrameworkId[] {
  if (values === undefined) return ['soc2'];
  try {
    return parseFrameworkIds(values);
  } catch (error) {
    if (error instanceof UnknownFrameworkError) {
      throw new CliUsageError(`export: --framework: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function percent(rate: number | null): string {
  return rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`;
}

/** `vigil export`: writes an evidence bundle; exit 1 when objects were missing or altered, 2 on bad input. */
export async function runExport(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseCommandArgs('export', argv, OPTIONS, true);
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    if (positionals.length > 0) throw new CliUsageError(`export: unexpected argument '${positionals[0]}'`);
    if (values.from === undefined || values.to === undefined) {
      throw new CliUsageError('export: --from and --to are required (see vigil export --help)');
    }
    if ((values.bucket === undefined) === (values.source === undefined)) {
      throw new CliUsageError('export: give exactly one of --bucket BUCKET or --source DIR');
    }
    const period = parsePeriod(values.from, values.to);
    const frameworks = exportFrameworks(values.framework);
    if (values.rules !== undefined) await useCustomRules(values.rules);
    const concurrency = wholeNumber('--concurrency', values.concurrency, 16, 1, 256);
    const lookbackDays = wholeNumber('--lookback-days', values['lookback-days'], 0, 0, 3660);
    const { accounts, regions } = parseEvidenceScope('export', values);
    const clientSettings = {
      ...(values.region === undefined ? {} : { region: values.region }),
      ...(values['endpoint-url'] === undefined ? {} : { endpointUrl: values['endpoint-url'] }),
    };
    let client: ReturnType<typeof createExportS3Client> | undefined;
    const s3 = () => {
      client ??= createExportS3Client(clientSettings);
      return client;
    };
    const source: EvidenceSource =
      values.bucket === undefined
        ? new DirectoryEvidenceSource(values.source ?? '.')
        : new S3EvidenceSource({ client: s3(), bucket: values.bucket });
    const out = values.out ?? defaultOut(period);
    const s3Out = parseS3Url(out);
    if (out.startsWith('s3://') && s3Out === undefined) {
      throw new CliUsageError(`export: --out '${out}' is not s3://BUCKET/PREFIX`);
    }
    const destination: ExportDestination =
      s3Out === undefined
        ? { kind: 'directory', path: out }
        : { kind: 's3', client: s3(), bucket: s3Out.bucket, prefix: s3Out.prefix };
    const publicKeyPem =
      values['public-key'] === undefined
        ? undefined
        : pemOf(await readPublicKeyFile('export', values['public-key']));
    const unsigned = values.unsigned === true;
    const signingKey = values['signing-key'];
    if (unsigned && signingKey !== undefined) {
      throw new CliUsageError('export: give --signing-key KEY or --unsigned, not both');
    }
    // One KMS client per region: a key ARN names its own.
    const kmsClients = new Map<string, KMSClient>();
    const kms = (keyId: string): KMSClient => {
      const region = kmsKeyRegion(keyId) ?? clientSettings.region;
      let kmsClient = kmsClients.get(region ?? '');
      if (kmsClient === undefined) {
        kmsClient = createExportKmsClient({ ...clientSettings, ...(region === undefined ? {} : { region }) });
        kmsClients.set(region ?? '', kmsClient);
      }
      return kmsClient;
    };
    const signerFor = (keyId: string) => new KmsDigestSigner({ client: kms(keyId), keyId });
    const signer: ExportSigner = unsigned
      ? { kind: 'unsigned' }
      : signingKey === undefined
        ? { kind: 'digest-key', signerFor }
        : { kind: 'key', signer: signerFor(signingKey) };
    try {
      const result = await exportTo(destination, {
        source,
        period,
        concurrency,
        lookbackDays,
        signer,
        frameworks,
        ...(accounts.length === 0 ? {} : { accounts }),
        ...(regions.length === 0 ? {} : { regions }),
        ...(publicKeyPem === undefined ? {} : { publicKeyPem }),
        ...(unsigned && values.bucket !== undefined && publicKeyPem === undefined
          ? { resolvePublicKey: (keyId: string) => kmsPublicKeyResolver(kms(keyId))(keyId) }
          : {}),
        ...(values.quiet ? {} : { onProgress: progressReporter(io) }),
      });
      for (const warning of result.warnings) io.stderr.write(`vigil: warning: ${warning}\n`);
      const { counts, signing } = result.manifest;
      const { totals } = result.summary;
      io.stdout.write(
        `Exported ${counts.findings} findings (${result.manifest.accounts.length} accounts, ${counts.digests} digests) to ${result.location}\n` +
          `Pass rate ${percent(totals.passRate)}; ${totals.failures} failures opened, ${totals.remediated} remediated, ${totals.openFailuresAtEnd} open at the end of the period.\n` +
          (result.summary.frameworks ?? [])
            .map(
              (entry) =>
                `${entry.title} ${entry.version} (${entry.versionedId}): ${entry.automated} of ${entry.total} controls have automated rules, ${entry.manual} are left to manual evidence.\n`,
            )
            .join('') +
          (signing === undefined
            ? 'Manifest NOT signed (--unsigned): vigil verify does not pass this bundle.\n'
            : `Manifest signed by ${signing.keyId}, key sha256:${signing.publicKeyFingerprint}: auditors confirm that fingerprint and pin it (vigil verify --key-fingerprint).\n`),
      );
      if (counts.problems > 0) {
        writeError(
          io,
          `${counts.problems} objects were missing, altered or misplaced; see problems in manifest.json`,
        );
        return EXIT.FINDINGS;
      }
      return EXIT.OK;
    } finally {
      client?.destroy();
      for (const kmsClient of kmsClients.values()) kmsClient.destroy();
    }
  } catch (error) {
    if (error instanceof CliUsageError || error instanceof ExportError) {
      writeError(io, error.message);
      return EXIT.USAGE;
    }
    if (error instanceof VigilError) {
      writeError(io, `export: ${error.message}`);
      return EXIT.USAGE;
    }
    throw error;
  }
}

/** The `vigil export` command. */
export const exportCommand: Command = {
  name: 'export',
  summary: 'export a period of findings as an evidence bundle for auditors',
  help: HELP,
  run: runExport,
};
