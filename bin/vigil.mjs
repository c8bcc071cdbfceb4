#!/usr/bin/env node
// The `vigil` command: runs the bundle that `npm run build` (and `npm ci`, through `prepare`) writes.
const bundle = new URL('../dist/vigil.mjs', import.meta.url);

let cli;
try {
  cli = await import(bundle.href);
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(bundle.pathname)) {
    process.stderr.write(
      `vigil: ${bundle.pathname} is missing: run npm run build (or use npm run vigil --)\n`,
    );
    process.exit(2);
  }
  throw error;
}
process.exitCode = await cli.main(process.argv.slice(2));
