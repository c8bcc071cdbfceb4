import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
/** One line of a benchmark table: what was measured, the figure, and the target it is held to. */
export interface BenchRow {
  readonly figure: string;
  readonly measured: string;
  /** The target as text ("≥ 200,000 evals/s"); absent for figures reported for information. */
  readonly target?: string;
  /** Whether the figure meets its target; absent when there is none. */
  readonly ok?: boolean;
}

/** What a section reports: rows for the table and free-form notes (profile, sizes, caveats). */
export interface BenchResult {
  readonly rows: readonly BenchRow[];
  readonly notes?: readonly string[];
}

/** A named benchmark section of `npm run bench`; add one by writing `bench/<name>.ts` and listing it in run.ts. */
export interface BenchSection {
  /** Short name for `npm run bench -- --only <name>`. */
  readonly name: string;
  readonly description: string;
  run(options: BenchOptions): Promise<BenchResult>;
}

/** Options every section receives. */
export interface BenchOptions {
  /** `--quick`: smaller inputs and fewer runs, for a smoke run. */
  readonly quick: boolean;
  /** Progress lines go here (stderr), so the table on stdout stays clean. */
  log(message: string): void;
}

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

/** A number with thousands separators. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Milliseconds as "412 ms" or "1.84 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

let gc: (() => void) | undefined;

/**
 * A full garbage collection, so that a timed pass is not charged for the garbage of what ran before it
 * (a deep copy of 100,000 items, the previous pass). The pass still pays for its own garbage.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    v8.setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * Runs `file` in a fresh Node process (through tsx) so that its peak RSS is its own, and returns the JSON
 * report it prints as its last line of stdout.
 */
export function runChildReport<T>(
  file: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${basename(file)} child exited ${String(code)}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as T);
      } catch (error) {
        reject(error);
      }
    });
  });
}
