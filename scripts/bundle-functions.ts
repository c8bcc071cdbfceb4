// Bundles every Lambda handler (functions/*.ts) the way the stack deploys it: an ESM entry per function
// under dist/functions/<name>/index.mjs plus the chunks it loads on demand, minified, for nodejs22.x on
// arm64. Used by the CDK app, the infra tests and `npm run bench`, so what is measured is what is deployed.
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { CustomRuleError, customRuleFiles, loadCustomRules } from '#shared/rules/custom-rules';

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

/** The module the functions read their bundled custom rules from; empty unless a folder is given. */
const CUSTOM_BUNDLED_MODULE = join(ROOT, 'shared', 'rules', 'custom-bundled.ts');

/**
 * Replaces `shared/rules/custom-bundled.ts` with a module importing every rule of `files` (in order), so
 * the functions run them from their cold start on; `vigil/rule` resolves to Vigil's own entry.
 */
function customRulesPlugin(files: readonly string[]): Plugin {
  return {
    name: 'vigil-custom-rules',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^vigil\/rule$/ }, () => ({
        path: join(ROOT, 'shared', 'rules', 'custom-rule.ts'),
      }));
      pluginBuild.onLoad({ filter: /custom-bundled\.ts$/ }, (args) => {
        if (args.path !== CUSTOM_BUNDLED_MODULE) return undefined;
        const imports = files.map((file, index) => `import rule${index} from ${JSON.stringify(file)};`);
        const list = files.map((_file, index) => `rule${index}`).join(', ');
        return {
          contents: `${imports.join('\n')}\nexport const BUNDLED_CUSTOM_RULES = [${list}];\n`,
          resolveDir: ROOT,
          loader: 'ts',
        };
      });
    },
  };
}

/** The handler entry points: every `functions/*.ts`. */
export function functionEntries(): { readonly name: string; readonly entry: string }[] {
  return (
    readdirSync(join(ROOT, 'functions'))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => ({ name: file.replace(/\.ts$/, ''), entry: join(ROOT, 'functions', file) }))
      // By name, not file name: `sweep` before `sweep-worker` ('-' sorts before '.').
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  );
}

/** How to bundle the handlers. */
export interface BundleOptions {
  /** @default dist/functions */
  readonly outDir?: string | undefined;
  /** Leave `@aws-sdk/*` to the Lambda runtime instead of bundling the locked version. */
  readonly externalSdk?: boolean | undefined;
  /** Bundle only these handlers (by file name without extension). */
  readonly only?: readonly string[] | undefined;
  /** @default true; false keeps the output readable, e.g. to check what a chunk holds. */
  readonly minify?: boolean | undefined;
  /** Write `.map` files next to the chunks (the deployed functions run with `--enable-source-maps`). */
  readonly sourceMap?: boolean | undefined;
  /**
   * Write the one selected handler straight into `outDir` (which is not emptied first) instead of
   * `outDir/<name>`: how CDK's asset bundling hands out its output directory.
   */
  readonly flat?: boolean | undefined;
  /**
   * A folder of custom rules (docs/custom-rules.md) to bundle into every handler; loaded and validated
   * first, so a broken rule fails the bundle (and the synth) with the file and the problem.
   */
  readonly customRules?: string | undefined;
}

/** One bundled handler. */
export interface FunctionBundle {
  readonly name: string;
  /** The entry module, `<outDir>/<name>/index.mjs`. */
  readonly file: string;
  /** Every JavaScript file of the function (entry and chunks): what is deployed. */
  readonly bytes: number;
  /** The entry and the chunks it imports statically: what a cold start loads and evaluates. */
  readonly initBytes: number;
  /** JavaScript files of the function, the entry first. */
  readonly files: readonly string[];
  /** Source files that went into the bundle (paths relative to the project). */
  readonly inputs: readonly string[];
  /** The source files among `inputs` that a cold start evaluates (the rest load on first use). */
  readonly initInputs: readonly string[];
}

/**
 * Bundles the handlers into `outDir/<name>/index.mjs`, with code splitting: modules reached only through a
 * dynamic `import()` (SDK clients and describers needed for some events) land in `chunks/` and are loaded
 * on first use. Without splitting esbuild would inline them behind lazy wrappers, but a wrapped module
 * keeps everything its imports re-export (a whole SDK client package and all its schemas) instead of
 * tree-shaking it.
 */
export async function bundleFunctions(options: BundleOptions = {}): Promise<FunctionBundle[]> {
  const outDir = options.outDir ?? FUNCTIONS_OUT_DIR;
  const entries = functionEntries().filter(({ name }) => !options.only || options.only.includes(name));
  if (options.flat && entries.length !== 1) {
    throw new Error(`a flat bundle takes exactly one handler, got ${entries.length}: pass one existing name`);
  }
  const plugins = [englishOnlyZodLocales];
  if (options.customRules !== undefined) {
    await loadCustomRules(options.customRules);
    plugins.push(customRulesPlugin(customRuleFiles(resolve(options.customRules))));
  }
  return Promise.all(
    entries.map(async ({ name, entry }) => {
      const dir = options.flat ? outDir : join(outDir, name);
      if (!options.flat) rmSync(dir, { recursive: true, force: true });
      const result = await build({
        entryPoints: { index: entry },
        outdir: dir,
        splitting: true,
        chunkNames: 'chunks/[name]-[hash]',
        outExtension: { '.js': '.mjs' },
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node22',
        mainFields: ['module', 'main'],
        conditions: ['module'],
        banner: { js: ESM_REQUIRE_BANNER },
        minify: options.minify ?? true,
        sourcemap: options.sourceMap ?? false,
        sourcesContent: false,
        legalComments: 'none',
        metafile: true,
        logLevel: 'error',
        absWorkingDir: ROOT,
        tsconfig: join(ROOT, 'tsconfig.json'),
        external: options.externalSdk ? ['@aws-sdk/*', '@smithy/*'] : [],
        plugins,
      });
      const outputs = Object.entries(result.metafile.outputs).filter(([path]) => path.endsWith('.mjs'));
      const file = join(dir, 'index.mjs');
      // Every dynamically imported module is an entry point of its own in the metafile: match by path.
      const entryPath = outputs.find(([path]) => join(ROOT, path) === file)?.[0];
      // What importing the entry evaluates: the entry and, transitively, its static imports.
      const loaded = new Set<string>();
      const visit = (path: string) => {
        if (loaded.has(path)) return;
        loaded.add(path);
        for (const imported of result.metafile.outputs[path]?.imports ?? []) {
          if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
        }
      };
      if (entryPath !== undefined) visit(entryPath);
      const sum = (paths: Iterable<string>) =>
        [...paths].reduce((total, path) => total + (result.metafile.outputs[path]?.bytes ?? 0), 0);
      return {
        name,
        file,
        bytes: sum(outputs.map(([path]) => path)),
        initBytes: sum(loaded),
        files: [file, ...outputs.map(([path]) => join(ROOT, path)).filter((path) => path !== file)],
        inputs: Object.keys(result.metafile.inputs),
        initInputs: [
          ...new Set([...loaded].flatMap((path) => Object.keys(result.metafile.outputs[path]?.inputs ?? {}))),
        ],
      };
    }),
  );
}

// `tsx scripts/bundle-functions.ts [--out dir] [--external-sdk] [--only name]... [--flat] [--source-map]
//  [--custom-rules dir]`
if (process.argv[1] !== undefined && import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      'external-sdk': { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      flat: { type: 'boolean', default: false },
      'source-map': { type: 'boolean', default: false },
      'custom-rules': { type: 'string' },
    },
  });
  let bundles: FunctionBundle[];
  try {
    bundles = await bundleFunctions({
      outDir: values.out,
      externalSdk: values['external-sdk'],
      only: values.only,
      flat: values.flat,
      sourceMap: values['source-map'],
      customRules: values['custom-rules'],
    });
  } catch (error) {
    // A broken custom rule is the user's to fix: its one-line message, not a stack trace.
    if (!(error instanceof CustomRuleError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  for (const bundle of bundles) {
    console.log(
      `${bundle.name.padEnd(14)} ${(bundle.initBytes / 1024).toFixed(1).padStart(8)} KB at init ` +
        `${(bundle.bytes / 1024).toFixed(1).padStart(8)} KB in all  ${bundle.file}`,
    );
  }
}
