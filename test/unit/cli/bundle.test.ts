import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };

const ROOT = new URL('../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'vigil-bundle-'));
const bin = join(dir, 'bin', 'vigil.mjs');
const bundle = join(dir, 'dist', 'vigil.mjs');
const snapshot = join(dir, 'snapshot.json');
const unbuilt = join(dir, 'unbuilt');

function run(file: string, argv: string[]) {
  const result = spawnSync(process.execPath, [file, ...argv], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

beforeAll(() => {
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(ROOT, 'bin', 'vigil.mjs'), bin);
  mkdirSync(join(unbuilt, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'vigil.mjs'), join(unbuilt, 'bin', 'vigil.mjs'));
  const fixtures = ['retention-30-days', 'retention-400-days', 'deleted'].map((name) =>
    JSON.parse(readFileSync(join(ROOT, 'test/fixtures/aws-logs-loggroup', `${name}.json`), 'utf8')),
  );
  writeFileSync(
    snapshot,
    JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'b', configurationItems: fixtures }),
  );
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--outfile', bundle], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the built vigil CLI', () => {
  it('tells how to build when the bundle is missing', () => {
    const result = run(join(unbuilt, 'bin', 'vigil.mjs'), ['--version']);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `vigil: ${join(unbuilt, 'dist', 'vigil.mjs')} is missing: run npm run build (or use npm run vigil --)\n`,
    );
  });

  it('runs the bundle scripts/build.mjs wrote through bin/vigil.mjs', () => {
    const result = run(bin, [
      'scan',
      '--snapshot',
      snapshot,
      '--rule',
      'cw-loggroup-retention-period-check',
      '--format',
      'json',
    ]);
    expect(result.err).toBe('');
    expect(result.code).toBe(1);
    const { findings } = JSON.parse(result.out) as { findings: { resourceId: string; compliance: string }[] };
    expect(findings.map((finding) => `${finding.compliance} ${finding.resourceId}`)).toEqual([
      'NON_COMPLIANT /aws/lambda/checkout-worker',
      'COMPLIANT /aws/lambda/payments-api',
      'NOT_APPLICABLE /aws/lambda/checkout-worker',
    ]);
  });

  it('runs the bundle directly, and exits 2 with one line on bad input', () => {
    expect(run(bundle, ['--version']).out).toBe(`${packageJson.version}\n`);
    const missing = join(dir, 'nope.json');
    const result = run(bundle, ['scan', '--snapshot', missing]);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`vigil: ${missing}: cannot read file (ENOENT)\n`);
  });
});
