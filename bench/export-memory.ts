import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  DIGEST_SCHEMA_VERSION,
  DIGEST_SIGNING_ALGORITHM,
  type DigestEntry,
  digestKey,
  normalizeEntries,
  PERIOD_MS,
  publicKeyFingerprint,
  serializeDigest,
  sha256OfBytes,
} from '#shared/evidence/digest';
import { signDigest } from '#shared/evidence/digest-sealer';
import {
  batchKey,
  EVIDENCE_SCHEMA_VERSION,
  type Finding,
  itemSha256,
  recordLine,
  sealFinding,
  serializeBatch,
} from '#shared/evidence/finding';
import { exportBundle } from '#shared/export/bundle';
import { DirectoryEvidenceSource } from '#shared/export/evidence-source';
import { parsePeriod } from '#shared/export/period';
import { seededRandom } from '#shared/local/seeded-random';
import { LocalSigner } from '#test/unit/evidence/fakes';
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
/** Most lines per batch object (the pipeline writes one object per invocation and account–region). */
const LINES_PER_BATCH = 25;
const WRITE_BATCH = 64;
const RULES = [
  ['s3-bucket-ssl-requests-only', 'AWS::S3::Bucket', ['CC6.1', 'CC6.7']],
  ['s3-bucket-versioning-enabled', 'AWS::S3::Bucket', ['A1.2']],
  ['cmk-backing-key-rotation-enabled', 'AWS::KMS::Key', ['CC6.1']],
  ['restricted-ssh', 'AWS::EC2::SecurityGroup', ['CC6.6']],
  ['rds-storage-encrypted', 'AWS::RDS::DBInstance', ['CC6.1', 'C1.1']],
] as const;
const CHAINS = [
  ['111111111111', 'us-east-1'],
  ['222222222222', 'us-east-1'],
  ['111111111111', 'eu-west-1'],
  ['222222222222', 'eu-west-1'],
] as const;
const OCTOBER = parsePeriod('2026-10-01', '2026-10-31');

/** What the child process reports about one export. */
interface ChildReport {
  readonly findings: number;
  readonly objects: number;
  readonly digests: number;
  readonly ms: number;
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
  readonly bundleBytes: number;
}

/** Writes files a few dozen at a time: one at a time is bound by filesystem latency, not the CPU. */
class FileWriter {
  readonly #made = new Set<string>();
  #pending: { file: string; body: string }[] = [];

  constructor(readonly root: string) {}

  async write(key: string, body: string): Promise<void> {
    this.#pending.push({ file: join(this.root, ...key.split('/')), body });
    if (this.#pending.length >= WRITE_BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    const dirs = [...new Set(batch.map((entry) => dirname(entry.file)))].filter(
      (dir) => !this.#made.has(dir),
    );
    await Promise.all(dirs.map((dir) => mkdir(dir, { recursive: true })));
    for (const dir of dirs) this.#made.add(dir);
    await Promise.all(batch.map((entry) => writeFile(entry.file, entry.body)));
  }
}

/** The chained findings of one account–region chain, `count` of them, at random times in October. */
function chainFindings(accountId: string, region: string, count: number, next: () => number): Finding[] {
  const start = OCTOBER.from.getTime();
  const span = OCTOBER.to.getTime() - start;
  const findings: Finding[] = [];
  for (let pair = 0; findings.length < count; pair++) {
    const [ruleId, resourceType, soc2] = RULES[pair % RULES.length] ?? RULES[0];
    const resourceId = `resource-${Math.floor(pair / RULES.length)}`;
    const times = Array.from({ length: FINDINGS_PER_PAIR }, () => start + Math.floor(next() * span)).sort(
      (a, b) => a - b,
    );
    let previous: Finding | undefined;
    for (const time of times) {
      if (findings.length >= count) break;
      const compliance = next() < 0.7 ? 'COMPLIANT' : 'NON_COMPLIANT';
      const captureTime = new Date(time).toISOString();
      previous = sealFinding({
        kind: 'finding',
        schemaVersion: EVIDENCE_SCHEMA_VERSION,
        evaluatedAt: new Date(time + 1500).toISOString(),
        ruleId,
        severity: 'high',
        soc2: [...soc2],
        compliance,
        annotation: `${ruleId} judged ${resourceId} ${compliance}`,
        resource: {
          accountId,
          region,
          resourceType,
          resourceId,
          arn: `arn:aws:bench:${region}:${accountId}:${resourceId}`,
        },
        configurationItem: { captureTime, status: 'OK', sha256: itemSha256({ resourceId, time }) },
        source: { trigger: 'config-change' },
        sequence: (previous?.sequence ?? 0) + 1,
        previousHash: previous?.hash ?? null,
      });
      findings.push(previous);
    }
  }
  return findings;
}

/**
 * Writes `count` chained findings as a local copy of an evidence bucket in the v2 format: 2 accounts × 2
 * regions, resources judged by 5 rules, 10 findings per resource and rule spread over October 2026 with
 * verdicts flipping at random; the findings of each write hour go into batch objects of up to 25 lines, and
 * every hour of October gets a digest listing them, chained and signed with a local RSA key (as the
 * sealer does with KMS).
 */
export async function seedEvidence(
  root: string,
  count: number,
): Promise<{ objects: number; digests: number }> {
  const next = seededRandom(42);
  const signer = new LocalSigner('arn:aws:kms:us-east-1:111111111111:key/bench');
  const signing = {
    keyId: signer.id,
    algorithm: DIGEST_SIGNING_ALGORITHM,
    publicKeyFingerprint: publicKeyFingerprint(signer.public),
  } as const;
  const files = new FileWriter(root);
  const hours = Math.round((OCTOBER.to.getTime() - OCTOBER.from.getTime()) / PERIOD_MS);
  let objects = 0;
  let digests = 0;
  for (const [index, [accountId, region]] of CHAINS.entries()) {
    const share = Math.floor(count / CHAINS.length) + (index < count % CHAINS.length ? 1 : 0);
    // Per write hour, the finding lines in write order (a chain's findings are in sequence order).
    const byHour = new Map<number, Finding[]>();
    for (const finding of chainFindings(accountId, region, share, next)) {
      const hour = Math.floor((Date.parse(finding.evaluatedAt) - OCTOBER.from.getTime()) / PERIOD_MS);
      byHour.set(hour, [...(byHour.get(hour) ?? []), finding]);
    }
    let previous: { key: string; sha256: string } | undefined;
    for (let hour = 0; hour < hours; hour++) {
      const periodStart = new Date(OCTOBER.from.getTime() + hour * PERIOD_MS);
      const written = (byHour.get(hour) ?? []).sort((a, b) => a.evaluatedAt.localeCompare(b.evaluatedAt));
      const entries: DigestEntry[] = [];
      for (let first = 0; first < written.length; first += LINES_PER_BATCH) {
        const records = written.slice(first, first + LINES_PER_BATCH);
        const writtenAt = new Date(records.at(-1)?.evaluatedAt ?? periodStart);
        const key = batchKey(accountId, region, writtenAt, `bench-${hour}-${first}`);
        const body = serializeBatch(records.map((record) => recordLine(record)));
        const sha256 = sha256OfBytes(body);
        entries.push({ key, versionId: createHash('sha256').update(key).digest('hex').slice(0, 32), sha256 });
        await files.write(key, body);
        objects++;
      }
      const key = digestKey(accountId, region, periodStart);
      const objectsOfHour = normalizeEntries(entries);
      const digest = await signDigest(
        {
          schemaVersion: DIGEST_SCHEMA_VERSION,
          key,
          accountId,
          region,
          periodStart: periodStart.toISOString(),
          periodEnd: new Date(periodStart.getTime() + PERIOD_MS).toISOString(),
          sealedAt: new Date(periodStart.getTime() + PERIOD_MS + 15 * 60_000).toISOString(),
          previousDigestKey: previous?.key ?? null,
          previousDigestSha256: previous?.sha256 ?? null,
          objectCount: objectsOfHour.length,
          objects: objectsOfHour,
          signing,
        },
        signer,
      );
      const body = serializeDigest(digest);
      await files.write(key, body);
      previous = { key, sha256: sha256OfBytes(body) };
      digests++;
    }
  }
  await files.flush();
  return { objects, digests };
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
    period: OCTOBER,
    outDir: out,
    // Signing is one KMS call on a short string; the bench measures the streaming.
    signer: { kind: 'unsigned' },
  });
  const ms = performance.now() - started;
  clearInterval(sampler);
  const report: ChildReport = {
    findings: result.manifest.counts.findings,
    objects: result.manifest.counts.objects,
    digests: result.manifest.counts.digests,
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
  const seeded = await seedEvidence(source, count);
  options.log(`${formatCount(seeded.objects)} batch objects, ${formatCount(seeded.digests)} signed digests`);
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
        {
          figure: 'bundled batch objects and digests',
          measured: `${formatCount(largeRun.objects)} + ${formatCount(largeRun.digests)}`,
        },
      ],
      notes: [
        'exportBundle over a local copy of a v2 bucket (DirectoryEvidenceSource): batch objects of up to 25 lines and a signed digest per hour and chain (4 chains × 744 hours), 16 reads in flight; each export runs in its own Node process (peak RSS = process.resourceUsage().maxRSS)',
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
