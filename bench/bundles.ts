import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundleFunctions, type FunctionBundle } from '../scripts/bundle-functions';
import { type BenchOptions, type BenchResult, type BenchRow, type BenchSection, median } from './section';

const ROOT = new URL('../', import.meta.url).pathname;
// Inside the project, so a bundle that leaves the SDK to the runtime resolves it from node_modules.
const OUT_DIR = join(ROOT, '.vigil-tmp', 'bench-bundles');
const TARGET_BUNDLE_BYTES = 300 * 1024;
const TARGET_COLD_INIT_MS = 150;

/** What one bundle weighs and what went into it. */
export interface BundleFacts extends FunctionBundle {
  /** `@aws-sdk/client-*` packages inside the bundle. */
  readonly sdkClients: readonly string[];
  /** Those of them a cold start evaluates (the others load on first use). */
  readonly initSdkClients: readonly string[];
  /** Whether any AWS SDK v2 (`aws-sdk`) code made it in. */
  readonly hasSdkV2: boolean;
}

/** The SDK clients (and any SDK v2) a bundle's inputs contain. */
export function factsOf(bundle: FunctionBundle): BundleFacts {
  const clientsIn = (inputs: readonly string[]) =>
    [
      ...new Set(
        inputs.flatMap((input) => /node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\//.exec(input)?.[1] ?? []),
      ),
    ].sort();
  const v2 = bundle.inputs.some((input) => /node_modules\/aws-sdk\//.test(input));
  return {
    ...bundle,
    sdkClients: clientsIn(bundle.inputs),
    initSdkClients: clientsIn(bundle.initInputs),
    hasSdkV2: v2,
  };
}

/** Milliseconds for a fresh `node` to start, import `file` (when given) and exit, over `runs` runs. */
export function coldStartTimes(file: string | undefined, runs: number): number[] {
  const script = file === undefined ? '' : `await import(${JSON.stringify(file)});`;
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, AWS_REGION: 'us-east-1', NODE_OPTIONS: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    times.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`importing ${file ?? 'nothing'} failed: ${result.stderr}`);
  }
  return times;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function run(options: BenchOptions): Promise<BenchResult> {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const runs = options.quick ? 5 : 11;
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  options.log(`timing a bare node start (${runs} runs)`);
  const bare = median(coldStartTimes(undefined, runs));
  options.log('bundling every handler twice: SDK bundled (as deployed) and SDK left to the runtime');
  const [bundled, external] = await Promise.all([
    bundleFunctions({ outDir: join(OUT_DIR, 'bundled') }),
    bundleFunctions({ outDir: join(OUT_DIR, 'external-sdk'), externalSdk: true }),
  ]);
  for (const bundle of bundled.map(factsOf)) {
    const externalBundle = external.find((candidate) => candidate.name === bundle.name);
    options.log(`timing cold imports of ${bundle.name} (${runs} runs of each variant)`);
    const init = median(coldStartTimes(bundle.file, runs)) - bare;
    const initExternal =
      externalBundle === undefined ? Number.NaN : median(coldStartTimes(externalBundle.file, runs)) - bare;
    rows.push({
      figure: `${bundle.name}: code loaded at init (minified)`,
      measured: kb(bundle.initBytes),
      target: '≤ 300 KB',
      ok: bundle.initBytes <= TARGET_BUNDLE_BYTES && !bundle.hasSdkV2,
    });
    rows.push({ figure: `${bundle.name}: whole deployed bundle`, measured: kb(bundle.bytes) });
    rows.push({
      figure: `${bundle.name}: cold init (import − bare node)`,
      measured: `${init.toFixed(0)} ms`,
      target: '≤ 150 ms',
      ok: init <= TARGET_COLD_INIT_MS,
    });
    notes.push(
      `${bundle.name}: SDK clients at init: ${bundle.initSdkClients.map((c) => c.replace('client-', '')).join(', ') || 'none'}; ` +
        `on first use: ${
          bundle.sdkClients
            .filter((c) => !bundle.initSdkClients.includes(c))
            .map((c) => c.replace('client-', ''))
            .join(', ') || 'none'
        }` +
        `${bundle.hasSdkV2 ? ', AWS SDK v2 PRESENT' : ', no SDK v2'}; SDK left to the runtime: ` +
        `${kb(externalBundle?.bytes ?? 0)}, cold init ${initExternal.toFixed(0)} ms`,
    );
  }
  notes.push(
    `bare node start: ${bare.toFixed(0)} ms (median of ${runs}); cold init = median import time minus that.`,
  );
  return { rows, notes };
}

/** Bundle size per Lambda and cold init of each bundle in a fresh Node process. */
export const bundlesSection: BenchSection = {
  name: 'bundles',
  description: 'Lambda bundle sizes (esbuild, minified, as deployed) and cold init per handler',
  run,
};
