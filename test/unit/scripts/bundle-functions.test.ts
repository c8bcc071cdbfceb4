import { mkdtempSync, rmSync } from 'node:fs';
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

  it('bundles a handler into an importable ESM entry with English zod messages only', async () => {
    const [bundle] = await bundleFunctions({ outDir, only: ['evaluator'] });
    expect(bundle?.name).toBe('evaluator');
    expect(bundle?.inputs.some((input) => input.endsWith('zod/v4/locales/en.js'))).toBe(true);
    expect(bundle?.inputs.some((input) => /zod\/v4\/locales\/(ru|de|he)\.js$/.test(input))).toBe(false);
    expect(bundle?.inputs.some((input) => /node_modules\/aws-sdk\//.test(input))).toBe(false);
    const module: unknown = await import(bundle?.file ?? '');
    expect(typeof (module as { handler?: unknown }).handler).toBe('function');
  });

  it('leaves clients used only to describe resources out of what a cold start evaluates', async () => {
    const [bundle] = await bundleFunctions({ outDir, only: ['evaluator'] });
    const client = (name: string) => (input: string) => input.includes(`@aws-sdk/client-${name}/`);
    // Evidence, state and alerts run on every invocation: loaded at init.
    expect(bundle?.initInputs.some(client('s3'))).toBe(true);
    expect(bundle?.initInputs.some(client('dynamodb'))).toBe(true);
    for (const lazy of [
      'ec2',
      'rds',
      'kms',
      'iam',
      'guardduty',
      'securityhub',
      'cloudtrail',
      'config-service',
    ]) {
      expect(bundle?.inputs.some(client(lazy)), lazy).toBe(true);
      expect(bundle?.initInputs.some(client(lazy)), lazy).toBe(false);
    }
    expect(bundle?.initBytes).toBeLessThan((bundle?.bytes ?? 0) / 2);
    expect(bundle?.files[0]).toBe(bundle?.file);
    expect(bundle?.files.length).toBeGreaterThan(1);
  });
});
