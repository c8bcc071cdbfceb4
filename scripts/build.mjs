#!/usr/bin/env node
// Bundles the `vigil` CLI (cli/vigil.ts) into one ESM file, dist/vigil.mjs, that needs Node 22+.
// Runs as the package's `prepare` script, so `npm ci` builds it; `--outfile PATH` builds elsewhere (tests).
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { outfile: { type: 'string' } } });
const outfile = values.outfile ?? new URL('../dist/vigil.mjs', import.meta.url).pathname;

let esbuild;
try {
  esbuild = await import('esbuild');
} catch (error) {
  // `npm ci --omit=dev` runs `prepare` without devDependencies: skip the CLI rather than fail the install.
  if (process.env.npm_lifecycle_event === 'prepare') {
    console.warn(`vigil: esbuild is not installed (${error.code ?? error.message}); skipping the CLI build`);
    process.exit(0);
  }
  throw error;
}

await esbuild.build({
  entryPoints: [new URL('../cli/vigil.ts', import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Loaded on demand by `--rules DIR` to compile custom rules; it cannot be bundled (native binary).
  external: ['esbuild'],
  // Bundled CommonJS dependencies (picocolors) call require() for Node built-ins, which ESM lacks.
  banner: {
    js: "import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);",
  },
});
