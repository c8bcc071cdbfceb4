import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { main } from '#cli/vigil';
import { sealHourlyDigests } from '#functions/seal-digests';
import { PERIOD_MS, periodStartOf } from '#shared/evidence/digest';
import { createSealerRuntime, parseSealerConfig } from '#shared/evidence/sealer-runtime';
import type { ComplianceSummary } from '#shared/export/summary';
import { awsClientConfig } from '#shared/local/moto';
import type { PipelineStack } from '#shared/local/pipeline-stack';
import { captureIo } from '#test/support/cli-io';
import { runChildReport } from './section';

const THIS_FILE = fileURLToPath(import.meta.url);
/** Minutes past an hour's end at which the bench runs the sealer (past its default grace of 10). */
const SEAL_AFTER_HOUR_END_MS = 15 * 60_000;

/** What the bench hands the evidence child. */
interface EvidenceInput {
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly table: string;
  readonly retentionDays: number;
  readonly centralAccountId: string;
  readonly memberAccounts: readonly string[];
  readonly memberRegions: readonly string[];
  /** First and last write of the evidence (the sweeps' start and end). */
  readonly from: string;
  readonly to: string;
}

/** What sealing, exporting and verifying the run's evidence did. */
export interface EvidenceReport {
  /** Sealer runs (one per clock: the first hour alone starts the chains, a second run seals the rest). */
  readonly sealRuns: number;
  /** Chains sealed, `<account>/<region>`, and how many were member chains with evidence. */
  readonly chains: readonly string[];
  readonly digests: number;
  readonly sealMs: number;
  readonly exportMs: number;
  readonly exportCode: number;
  readonly bundleFiles: number;
  readonly bundleBytes: number;
  readonly verifyMs: number;
  readonly verifyCode: number;
  /** The verdict line and the per-chain lines of `vigil verify`. */
  readonly verifyLines: readonly string[];
  /** Accounts of summary.json, with their evaluations and pass rate. */
  readonly summaryAccounts: readonly {
    readonly accountId: string;
    readonly regions: readonly string[];
    readonly evaluations: number;
    readonly passRate: number | null;
  }[];
  /** Member accounts report.html's "By account" table names. */
  readonly reportAccounts: readonly string[];
  readonly errors: string;
}

async function filesUnder(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

/**
 * Child side: seals the run's hours with the real sealer handler (its runtime built from the environment as
 * the function builds it, with a clock past each hour), exports the whole organization with `vigil export`
 * and verifies the bundle with `vigil verify`, the signing key pinned. Prints the report as JSON.
 */
async function child(input: EvidenceInput): Promise<void> {
  const kms = new KMSClient(awsClientConfig(input.endpoint));
  const created = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
  kms.destroy();
  const keyId = created.KeyMetadata?.KeyId ?? '';
  const config = parseSealerConfig({
    ...process.env,
    EVIDENCE_BUCKET: input.bucket,
    STATE_TABLE: input.table,
    EVIDENCE_RETENTION_DAYS: String(input.retentionDays),
    DIGEST_SIGNING_KEY_ID: keyId,
    MEMBER_ACCOUNTS: input.memberAccounts.join(','),
    MEMBER_REGIONS: input.memberRegions.join(','),
  });
  const firstHour = periodStartOf(new Date(input.from));
  const lastHour = periodStartOf(new Date(input.to));
  // A chain without a head starts at the newest complete hour: the first run seals the first hour, a second
  // run (when the sweeps crossed an hour) every hour after it.
  const clocks = [firstHour, ...(lastHour > firstHour ? [lastHour] : [])].map(
    (hour) => new Date(hour.getTime() + PERIOD_MS + SEAL_AFTER_HOUR_END_MS),
  );
  const chains = new Set<string>();
  let digests = 0;
  const sealStarted = performance.now();
  for (const now of clocks) {
    const runtime = { ...createSealerRuntime(config), clock: () => now };
    try {
      const report = await sealHourlyDigests({ account: input.centralAccountId }, runtime);
      for (const chain of report.chains) chains.add(`${chain.accountId}/${chain.region}`);
      digests += report.created;
    } finally {
      runtime.destroy();
    }
  }
  const sealMs = performance.now() - sealStarted;
  const verifyNow = clocks.at(-1) ?? new Date();
  const period = [
    '--from',
    firstHour.toISOString(),
    '--to',
    new Date(lastHour.getTime() + PERIOD_MS).toISOString(),
  ];
  const aws = ['--endpoint-url', input.endpoint, '--region', input.region];
  const root = await mkdtemp(join(tmpdir(), 'vigil-bench-org-export-'));
  try {
    const out = join(root, 'bundle');
    const exportIo = captureIo({ now: verifyNow });
    const exportStarted = performance.now();
    const exportCode = await main(
      ['export', '--bucket', input.bucket, ...aws, ...period, '--signing-key', keyId, '--out', out, '-q'],
      exportIo,
    );
    const exportMs = performance.now() - exportStarted;
    const bundle = await filesUnder(out);
    const verifyIo = captureIo({ now: verifyNow });
    const verifyStarted = performance.now();
    const verifyCode = await main(
      ['verify', '--bundle', out, '--kms-key', keyId, ...aws, ...period],
      verifyIo,
    );
    const verifyMs = performance.now() - verifyStarted;
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as ComplianceSummary;
    const html = await readFile(join(out, 'report.html'), 'utf8');
    const byAccount = html.slice(html.indexOf('<h2>By account</h2>'), html.indexOf('<h2>By rule</h2>'));
    const report: EvidenceReport = {
      sealRuns: clocks.length,
      chains: [...chains].sort(),
      digests,
      sealMs,
      exportMs,
      exportCode,
      bundleFiles: bundle.files,
      bundleBytes: bundle.bytes,
      verifyMs,
      verifyCode,
      verifyLines: verifyIo
        .out()
        .split('\n')
        .filter((line) => /^(PASS|FAIL|WARN)\b|^ {2}chain /.test(line)),
      summaryAccounts: summary.accounts.map((account) => ({
        accountId: account.accountId,
        regions: account.regions,
        evaluations: account.evaluations,
        passRate: account.passRate,
      })),
      reportAccounts: input.memberAccounts.filter((account) =>
        byAccount.includes(`<td><code>${account}</code></td>`),
      ),
      errors: `${exportIo.err()}${verifyIo.err()}`.slice(0, 2_000),
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * Seals, exports and verifies the evidence a bench run wrote into `stack`'s bucket, in a fresh Node process
 * whose environment is the sealer's and the CLI's (credentials and endpoint of the local stack).
 */
export function sealExportVerify(
  stack: PipelineStack,
  options: Omit<EvidenceInput, 'endpoint' | 'region' | 'bucket' | 'table' | 'retentionDays'>,
): Promise<EvidenceReport> {
  const input: EvidenceInput = {
    endpoint: stack.endpoint,
    region: stack.region,
    bucket: stack.bucket,
    table: stack.table,
    retentionDays: stack.retentionDays,
    ...options,
  };
  const { credentials } = awsClientConfig(stack.endpoint);
  return runChildReport<EvidenceReport>(THIS_FILE, ['--child', JSON.stringify(input)], {
    AWS_ENDPOINT_URL: stack.endpoint,
    AWS_REGION: stack.region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
}

// The sweep's child imports this module too: only a process started on this file is the evidence child.
if (process.argv[1] === THIS_FILE && process.argv[2] === '--child')
  await child(JSON.parse(process.argv[3] ?? '{}') as EvidenceInput);
