// Bundles every Lambda handler (functions/*.ts) the way the stack deploys it: one ESM file per function
// under dist/functions/<name>/index.mjs, minified, for nodejs22.x on arm64. Used by the CDK app, the
// infra tests and `npm run bench`, so what is measured is what is deployed.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';

const ROOT = new URL('../', import.meta.url).pathname;

/** Default output directory of the function bundles. */
export const FUNCTIONS_OUT_DIR = join(ROOT, 'dist', 'functions');

// Bundled CommonJS dependencies call require() for Node built-ins, which ESM lacks.
const ESM_REQUIRE_BANNER =
  "import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);";

/**
 * zod re-exports its ~50 message locales from its main entry (`z.locales`), which makes up about half of
 * its size in a bundle. Vigil only uses the English messages zod configures by default, so the locale
 * index is replaced with one that exports only `en`.
 */
const englishOnlyZodLocales: Plugin = {
  name: 'zod-english-only',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${join('node_modules', 'zod')}`)
        ? { path: join(args.resolveDir, '..', 'locales', 'en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

/** The handler entry points: every `functions/*.ts`. */
export function functionEntries(): { readonly name: string; readonly entry: string }[] {
  return readdirSync(join(ROOT, 'functions'))
    .filter((file) => file.endsWith('.ts'))
    .sort()
    .map((file) => ({ name: file.replace(/\.ts$/, ''), entry: join(ROOT, 'functions', file) }));
}

/** How to bundle the handlers. */
export interface BundleOptions {
  /** @default dist/functions */
  readonly outDir?: string | undefined;
  /** Leave `@aws-sdk/*` to the Lambda runtime instead of bundling the locked version. */
  readonly externalSdk?: boolean | undefined;
  /** Bundle only these handlers (by file name without extension). */
  readonly only?: readonly string[] | undefined;
}

/** One bundled handler. */
export interface FunctionBundle {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  /** Source files that went into the bundle (paths relative to the project). */
  readonly inputs: readonly string[];
}

/** Bundles the handlers into `outDir/<name>/index.mjs`. */
export async function bundleFunctions(options: BundleOptions = {}): Promise<FunctionBundle[]> {
  const outDir = options.outDir ?? FUNCTIONS_OUT_DIR;
  const entries = functionEntries().filter(({ name }) => !options.only || options.only.includes(name));
  return Promise.all(
    entries.map(async ({ name, entry }) => {
      const dir = join(outDir, name);
      rmSync(dir, { recursive: true, force: true });
      const file = join(dir, 'index.mjs');
      const result = await build({
        entryPoints: [entry],
        outfile: file,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node22',
        mainFields: ['module', 'main'],
        conditions: ['module'],
        banner: { js: ESM_REQUIRE_BANNER },
        minify: true,
        legalComments: 'none',
        metafile: true,
        logLevel: 'error',
        tsconfig: join(ROOT, 'tsconfig.json'),
        external: options.externalSdk ? ['@aws-sdk/*', '@smithy/*'] : [],
        plugins: [englishOnlyZodLocales],
      });
      const output = Object.values(result.metafile.outputs).find((out) => out.entryPoint !== undefined);
      return {
        name,
        file,
        bytes: output?.bytes ?? 0,
        inputs: Object.keys(result.metafile.inputs),
      };
    }),
  );
}

if (process.argv[1] !== undefined && import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, 'external-sdk': { type: 'boolean', default: false } },
  });
  const bundles = await bundleFunctions({ outDir: values.out, externalSdk: values['external-sdk'] });
  for (const bundle of bundles) {
    console.log(
      `${bundle.name.padEnd(14)} ${(bundle.bytes / 1024).toFixed(1).padStart(8)} KB  ${bundle.file}`,
    );
  }
}
