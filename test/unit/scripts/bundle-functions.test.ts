import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunctions, functionEntries } from '../../../scripts/bundle-functions';

const ROOT = new URL('../../../', import.meta.url).pathname;
// Inside the project so the bundle can be imported with node_modules in reach.
const outDir = mkdtempSync(join(ROOT, '.vigil-tmp-bundles-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('bundleFunctions', { timeout: 60_000 }, () => {
  it('finds one entry per handler in functions/', () => {
    const names = functionEntries().map((entry) => entry.name);
    expect(names).toContain('evaluator');
    expect(names).toEqual([...names].sort());
  });

  it('bundles a handler into one importable ESM file with English zod messages only', async () => {
    const [bundle] = await bundleFunctions({ outDir, only: ['evaluator'] });
    expect(bundle?.name).toBe('evaluator');
    expect(bundle?.inputs.some((input) => input.endsWith('zod/v4/locales/en.js'))).toBe(true);
    expect(bundle?.inputs.some((input) => /zod\/v4\/locales\/(ru|de|he)\.js$/.test(input))).toBe(false);
    expect(bundle?.inputs.some((input) => /node_modules\/aws-sdk\//.test(input))).toBe(false);
    const module: unknown = await import(bundle?.file ?? '');
    expect(typeof (module as { handler?: unknown }).handler).toBe('function');
  });
});
