import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runScan } from '#cli/commands/scan';
import type { CliIo } from '#cli/io';
import {
  type BenchOptions,
  type BenchResult,
  type BenchSection,
  formatCount,
  formatDuration,
  runChildReport,
} from './section';
import { generateEstate } from './synthetic-estate';

const THIS_FILE = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;
/** Peak RSS `vigil scan` must stay under, whatever the snapshot's size. */
const TARGET_PEAK_RSS_MB = 512;
/** Items per generated account: one estate is cloned once per account, under a new account id. */
const ITEMS_PER_ACCOUNT = 10_000;
const ESTATE_ACCOUNT = '210000000000';
const NOW = '2026-11-23T12:00:00Z';

/** What the child process reports about one scan. */
interface ChildReport {
  readonly exitCode: number;
  readonly itemsRead: number;
  readonly evaluations: number;
  readonly ms: number;
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
  readonly outputBytes: number;
}

/**
 * Writes a valid snapshot of about `bytes` bytes (AWS Config's snapshot shape, compact JSON as Config
 * delivers it): the fixture-cloned estate of one account, repeated under new account ids. Returns its size.
 */
export async function writeSnapshot(path: string, bytes: number): Promise<number> {
  const estate = JSON.stringify(generateEstate({ items: ITEMS_PER_ACCOUNT, accounts: 1 })).slice(1, -1);
  const out = createWriteStream(path);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let written = 0;
  const head = '{"fileVersion":"1.0","configSnapshotId":"bench-scan-memory","configurationItems":[';
  await write(head);
  written += head.length;
  for (let account = 1; written < bytes; account += 1) {
    const accountId = String(Number(ESTATE_ACCOUNT) + account * 7919).padStart(12, '0');
    const batch = `${account === 1 ? '' : ','}${estate.replaceAll(ESTATE_ACCOUNT, accountId)}`;
    await write(batch);
    written += Buffer.byteLength(batch);
  }
  await write(']}');
  out.end();
  await once(out, 'finish');
  return (await stat(path)).size;
}

/** Child side: `vigil scan --format json` on the file, output counted and dropped; prints what it cost. */
async function child(path: string): Promise<void> {
  let peakHeap = 0;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 20);
  let outputBytes = 0;
  let tail = '';
  let errors = '';
  const io: CliIo = {
    stdout: {
      write: (text: string) => {
        outputBytes += text.length;
        tail = (tail + text).slice(-4096);
        return true;
      },
    },
    stderr: {
      write: (text: string) => {
        errors += text;
        return true;
      },
    },
    env: {},
    isTTY: false,
    stderrIsTTY: false,
    now: () => new Date(NOW),
  };
  const started = performance.now();
  const exitCode = await runScan(['--snapshot', path, '--format', 'json'], io);
  const ms = performance.now() - started;
  clearInterval(sampler);
  if (exitCode > 1) throw new Error(`vigil scan exited ${exitCode}: ${errors.trim()}`);
  const count = (key: string): number => Number(new RegExp(`"${key}": (\\d+)`).exec(tail)?.[1] ?? Number.NaN);
  const report: ChildReport = {
    exitCode,
    itemsRead: count('itemsRead'),
    evaluations: count('evaluations'),
    ms,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    peakHeapBytes: Math.max(peakHeap, process.memoryUsage().heapUsed),
    outputBytes,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(0)} MB`;
}

async function measure(
  options: BenchOptions,
  root: string,
  megabytes: number,
): Promise<ChildReport & { fileBytes: number }> {
  const path = join(root, `snapshot-${megabytes}mb.json`);
  options.log(`writing a ${megabytes} MB snapshot to ${path}`);
  const fileBytes = await writeSnapshot(path, megabytes * MB);
  options.log(`scanning it in a child process`);
  try {
    return { ...(await runChildReport<ChildReport>(THIS_FILE, ['--child', path])), fileBytes };
  } finally {
    await rm(path, { force: true });
  }
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const sizes = options.quick ? [20, 100] : [200, 1024];
  const root = await mkdtemp(join(tmpdir(), 'vigil-bench-scan-'));
  try {
    const rows = [];
    const notes = [];
    for (const size of sizes) {
      const result = await measure(options, root, size);
      const label = `${mb(result.fileBytes)} snapshot`;
      rows.push(
        {
          figure: `vigil scan peak RSS, ${label}`,
          measured: mb(result.peakRssBytes),
          target: `≤ ${TARGET_PEAK_RSS_MB} MB`,
          ok: result.peakRssBytes <= TARGET_PEAK_RSS_MB * MB,
        },
        { figure: `vigil scan time, ${label}`, measured: formatDuration(result.ms) },
        { figure: `peak JS heap, ${label}`, measured: mb(result.peakHeapBytes) },
      );
      notes.push(
        `${label}: ${formatCount(result.itemsRead)} items, ${formatCount(result.evaluations)} evaluations, ${mb(result.outputBytes)} of JSON report, exit ${result.exitCode}`,
      );
    }
    return {
      rows,
      notes: [
        ...notes,
        'vigil scan --format json (whole catalog) on a generated Config snapshot: the fixture estate cloned per account, 10,000 items each; each scan runs in its own Node process (peak RSS = process.resourceUsage().maxRSS)',
        'items are evaluated as they are read and dropped; only items of a type some rule reads, and the items judged against them, are kept for a second pass account by account; kept items, report rows and resource keys are sorted in scratch files past a 16 MiB budget, so RSS is Node and tsx (about 100 MB), that budget and V8 collecting lazily, whatever the size of the file',
      ],
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Peak memory and time of `vigil scan` on large snapshots. */
export const scanMemorySection: BenchSection = {
  name: 'scan',
  description: 'vigil scan: peak RSS and time on a 200 MB and a 1 GB snapshot',
  run,
};

if (process.argv[2] === '--child') {
  const [path] = process.argv.slice(3);
  if (path === undefined) throw new Error('usage: scan-memory.ts --child SNAPSHOT');
  await child(path);
}
