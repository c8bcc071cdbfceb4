import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  FINDING_SCHEMA_VERSION,
  type Finding,
  findingIdOf,
  findingKey,
  sealFinding,
  serializeFinding,
} from '#shared/evidence/finding';
import { exportBundle } from '#shared/export/bundle';
import { DirectoryEvidenceSource } from '#shared/export/evidence-source';
import { parsePeriod } from '#shared/export/period';
import { seededRandom } from '#shared/local/seeded-random';
import {
  type BenchOptions,
  type BenchResult,
  type BenchSection,
  formatCount,
  formatDuration,
  runChildReport,
} from './section';

const THIS_FILE = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;
/** Peak RSS the export of 100,000 findings must stay under. */
const TARGET_PEAK_RSS_MB = 256;
const FINDINGS_PER_PAIR = 10;
const WRITE_BATCH = 64;
const RULES = [
  ['s3-bucket-ssl-requests-only', 'AWS::S3::Bucket', ['CC6.1', 'CC6.7']],
  ['s3-bucket-versioning-enabled', 'AWS::S3::Bucket', ['A1.2']],
  ['cmk-backing-key-rotation-enabled', 'AWS::KMS::Key', ['CC6.1']],
  ['restricted-ssh', 'AWS::EC2::SecurityGroup', ['CC6.6']],
  ['rds-storage-encrypted', 'AWS::RDS::DBInstance', ['CC6.1', 'C1.1']],
] as const;

/** What the child process reports about one export. */
interface ChildReport {
  readonly findings: number;
  readonly ms: number;
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
  readonly bundleBytes: number;
}

/**
 * Writes `count` chained findings as a local copy of an evidence bucket: 2 accounts × 2 regions, resources
 * judged by 5 rules, 10 findings per resource and rule spread over October 2026, flipping verdicts at random.
 */
export async function seedEvidence(root: string, count: number): Promise<void> {
  const next = seededRandom(42);
  const pairs = Math.ceil(count / FINDINGS_PER_PAIR);
  const start = Date.parse('2026-10-01T00:00:00Z');
  const span = 30 * 86_400_000;
  let written = 0;
  const made = new Set<string>();
  let pending: { file: string; body: string }[] = [];
  // Writes go out in parallel batches: one file at a time is bound by filesystem latency, not the CPU.
  const flush = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    const dirs = [...new Set(batch.map((entry) => dirname(entry.file)))].filter((dir) => !made.has(dir));
    await Promise.all(dirs.map((dir) => mkdir(dir, { recursive: true })));
    for (const dir of dirs) made.add(dir);
    await Promise.all(batch.map((entry) => writeFile(entry.file, entry.body)));
  };
  for (let pair = 0; pair < pairs && written < count; pair++) {
    const [ruleId, resourceType, soc2] = RULES[pair % RULES.length] ?? RULES[0];
    const resourceNumber = Math.floor(pair / RULES.length);
    const accountId = resourceNumber % 2 === 0 ? '111111111111' : '222222222222';
    const region = resourceNumber % 4 < 2 ? 'us-east-1' : 'eu-west-1';
    const resourceId = `resource-${resourceNumber}`;
    const times = Array.from({ length: FINDINGS_PER_PAIR }, () => start + Math.floor(next() * span)).sort(
      (a, b) => a - b,
    );
    let previous: { key: string; finding: Finding } | undefined;
    for (const time of times) {
      if (written >= count) break;
      const compliance = next() < 0.7 ? 'COMPLIANT' : 'NON_COMPLIANT';
      const captureTime = new Date(time).toISOString();
      const annotation = `${ruleId} judged ${resourceId} ${compliance}`;
      const identity = {
        accountId,
        region,
        resourceType,
        resourceId,
        ruleId,
        captureTime,
        compliance,
        annotation,
      };
      const key = findingKey(identity);
      const finding = sealFinding({
        schemaVersion: FINDING_SCHEMA_VERSION,
        findingId: findingIdOf(key),
        evaluatedAt: new Date(time + 1500).toISOString(),
        ruleId,
        ruleTitle: `${ruleId} holds`,
        severity: 'high',
        soc2: [...soc2],
        compliance,
        annotation,
        resource: {
          accountId,
          region,
          resourceType,
          resourceId,
          arn: `arn:aws:bench:${region}:${accountId}:${resourceId}`,
        },
        configurationItem: { captureTime, status: 'OK' },
        source: { trigger: 'config-change' },
        sequence: (previous?.finding.sequence ?? 0) + 1,
        previousHash: previous?.finding.hash ?? null,
        previousKey: previous?.key ?? null,
      });
      pending.push({ file: join(root, ...key.split('/')), body: serializeFinding(finding) });
      if (pending.length >= WRITE_BATCH) await flush();
      previous = { key, finding };
      written++;
    }
  }
  await flush();
}

/** Child side: export the seeded directory and print what it cost as JSON on stdout. */
async function child(source: string, out: string): Promise<void> {
  let peakHeap = 0;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 20);
  const started = performance.now();
  const result = await exportBundle({
    source: new DirectoryEvidenceSource(source),
    period: parsePeriod('2026-10-01', '2026-10-31'),
    outDir: out,
    // Signing is one KMS call on a short string; the bench measures the streaming.
    signer: { kind: 'unsigned' },
  });
  const ms = performance.now() - started;
  clearInterval(sampler);
  const report: ChildReport = {
    findings: result.manifest.counts.findings,
    ms,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    peakHeapBytes: Math.max(peakHeap, process.memoryUsage().heapUsed),
    bundleBytes: result.manifest.files.reduce((total, file) => total + file.bytes, 0),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

/** Runs the export in a fresh Node process so its peak RSS is the export's own. */
function exportInChild(source: string, out: string): Promise<ChildReport> {
  return runChildReport<ChildReport>(THIS_FILE, ['--child', source, out]);
}

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(0)} MB`;
}

async function measure(options: BenchOptions, root: string, count: number): Promise<ChildReport> {
  const source = join(root, `evidence-${count}`);
  options.log(`seeding ${formatCount(count)} findings in ${source}`);
  await seedEvidence(source, count);
  options.log(`exporting ${formatCount(count)} findings in a child process`);
  return exportInChild(source, join(root, `bundle-${count}`));
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const large = options.quick ? 20_000 : 100_000;
  const small = large / 10;
  const root = await mkdtemp(join(tmpdir(), 'vigil-bench-export-'));
  try {
    const smallRun = await measure(options, root, small);
    const largeRun = await measure(options, root, large);
    const ok = largeRun.peakRssBytes <= TARGET_PEAK_RSS_MB * MB;
    return {
      rows: [
        {
          figure: `vigil export peak RSS, ${formatCount(largeRun.findings)} findings`,
          measured: mb(largeRun.peakRssBytes),
          target: `≤ ${TARGET_PEAK_RSS_MB} MB`,
          ok,
        },
        {
          figure: `vigil export peak RSS, ${formatCount(smallRun.findings)} findings`,
          measured: mb(smallRun.peakRssBytes),
        },
        {
          figure: `peak JS heap, ${formatCount(largeRun.findings)} findings`,
          measured: mb(largeRun.peakHeapBytes),
        },
        {
          figure: `export time, ${formatCount(largeRun.findings)} findings (local copy)`,
          measured: formatDuration(largeRun.ms),
        },
        {
          figure: 'export throughput',
          measured: `${formatCount((largeRun.findings / largeRun.ms) * 1000)} findings/s`,
        },
        { figure: 'bundle size', measured: mb(largeRun.bundleBytes) },
      ],
      notes: [
        'exportBundle over a local copy of the bucket (DirectoryEvidenceSource), 16 reads in flight; each export runs in its own Node process (peak RSS = process.resourceUsage().maxRSS)',
        `memory is bounded when ${formatCount(large)} findings cost about as much as ${formatCount(small)}: findings stream to the bundle files, the summary keeps one state per resource and rule`,
      ],
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Peak memory and speed of `vigil export` (exportBundle) over 100,000 findings. */
export const exportMemorySection: BenchSection = {
  name: 'export',
  description: 'vigil export: peak RSS and time for 100,000 findings',
  run,
};

if (process.argv[2] === '--child') {
  const [source, out] = process.argv.slice(3);
  if (source === undefined || out === undefined)
    throw new Error('usage: export-memory.ts --child SOURCE OUT');
  await child(source, out);
}
