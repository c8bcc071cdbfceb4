import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { main } from '#cli/vigil';
import { sealHourlyDigests } from '#functions/seal-digests';
import { PERIOD_MS } from '#shared/evidence/digest';
import { BundleManifestSchema } from '#shared/export/manifest';
import type { ComplianceSummary } from '#shared/export/summary';
import { captureIo } from '#test/support/cli-io';
import {
  MEMBER_ACCOUNTS,
  MEMBER_REGIONS,
  ORG_CHAINS,
  type OrgEvidence,
  orgEvidence,
  SEAL_OFFSETS,
} from '../evidence/org-evidence';

/**
 * On moto, end to end: the real pipeline writes the evidence of three member accounts in two regions into one
 * bucket, the real sealer handler seals all six chains, `vigil export` bundles the organization (or one
 * account or region of it) and `vigil verify` checks the bundle with the signing key pinned.
 */
describe('an organization exported and verified (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let org: OrgEvidence;
  let root = '';
  let period: { from: string; to: string };
  let count = 0;

  beforeAll(async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
    org = await orgEvidence(endpoint, 'vigil-orgexp');
    root = await mkdtemp(join(tmpdir(), 'vigil-org-export-'));
    const env = { MEMBER_ACCOUNTS: MEMBER_ACCOUNTS.join(','), MEMBER_REGIONS: MEMBER_REGIONS.join(',') };
    for (const offset of SEAL_OFFSETS) {
      const { runtime } = org.sealer(org.at(offset), env);
      const report = await sealHourlyDigests({ account: MEMBER_ACCOUNTS[0] }, runtime);
      expect(report.chains.map((chain) => `${chain.accountId}/${chain.region}`)).toEqual(ORG_CHAINS);
      runtime.destroy();
    }
    period = { from: org.hour.toISOString(), to: org.at(3 * PERIOD_MS).toISOString() };
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    org?.close();
    await rm(root, { recursive: true, force: true });
  });

  const aws = () => ['--endpoint-url', endpoint, '--region', MEMBER_REGIONS[0]];

  async function exported(...scope: string[]): Promise<string> {
    const out = join(root, `bundle-${++count}`);
    const io = captureIo();
    const code = await main(
      [
        'export',
        '--bucket',
        org.pipeline.stack.bucket,
        ...aws(),
        '--from',
        period.from,
        '--to',
        period.to,
        '--signing-key',
        org.keyId,
        '--out',
        out,
        '-q',
        ...scope,
      ],
      io,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    return out;
  }

  async function verified(dir: string, ...flags: string[]): Promise<{ code: number; out: string }> {
    const io = captureIo();
    const code = await main(['verify', '--bundle', dir, '--kms-key', org.keyId, ...aws(), ...flags], io);
    return { code, out: io.out() + io.err() };
  }

  it('exports every chain of the organization in one bundle, which verifies with the key pinned, chain by chain', async () => {
    const dir = await exported();
    const manifest = BundleManifestSchema.parse(
      JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')),
    );
    expect(manifest.scope).toEqual({ accounts: 'all', regions: 'all' });
    expect(manifest.chains.map((chain) => `${chain.accountId}/${chain.region}`)).toEqual(ORG_CHAINS);
    expect(manifest.accounts).toEqual([...MEMBER_ACCOUNTS]);
    expect(manifest.counts).toMatchObject({ digests: 18, problems: 0 });

    const { code, out } = await verified(dir, '--from', period.from, '--to', period.to);
    expect(out).toMatch(
      /^PASS {2}18 digests .*: chain unbroken, signatures valid \(pinned key sha256:[0-9a-f]{64}\)/,
    );
    expect(code).toBe(0);
    expect(out).toContain('  scope: every account, every region\n');
    for (const chain of ORG_CHAINS)
      expect(out).toMatch(new RegExp(`^ {2}chain ${chain} +3 digests .*: ok$`, 'm'));
  });

  it('breaks the report and summary down by account', async () => {
    const dir = await exported();
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as ComplianceSummary;
    expect(
      summary.accounts.map((account) => [
        account.accountId,
        account.regions,
        account.evaluations,
        account.failures,
        account.remediated,
        account.timeToRemediate.count,
        account.openFailuresAtEnd,
      ]),
    ).toEqual([
      ['111111111111', ['eu-west-1', 'us-east-1'], 6, 2, 2, 2, 0],
      ['222222222222', ['eu-west-1', 'us-east-1'], 6, 2, 2, 2, 0],
      // Account 3 left SSH open; group 1 judged again unchanged is an attestation, still an evaluation.
      ['333333333333', ['eu-west-1', 'us-east-1'], 6, 2, 0, 0, 2],
    ]);
    for (const account of summary.accounts) expect(account.passRate).toBeCloseTo(4 / 6);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    const section = html.slice(html.indexOf('<h2>By account</h2>'), html.indexOf('<h2>By rule</h2>'));
    for (const account of MEMBER_ACCOUNTS) expect(section).toContain(`<td><code>${account}</code></td>`);
    expect(section).toContain('Exported for every account and every region: 6 account–region chains');
  });

  it('fails the org-wide bundle when one chain is removed from it, naming the chain', async () => {
    const dir = await exported();
    const copy = join(root, `without-chain-${++count}`);
    const manifest = BundleManifestSchema.parse(
      JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')),
    );
    for (const path of [...manifest.files.map((file) => file.path), 'manifest.json']) {
      if (
        path.startsWith('digests/222222222222/eu-west-1/') ||
        path.startsWith('findings/222222222222/eu-west-1/')
      )
        continue;
      await mkdir(dirname(join(copy, path)), { recursive: true });
      await copyFile(join(dir, path), join(copy, path));
    }
    const { code, out } = await verified(copy);
    expect(code).toBe(1);
    expect(out).toMatch(
      /^MISSING +digests\/222222222222\/eu-west-1\/ +chain 222222222222\/eu-west-1 is in the signed manifest .* but none of its files is in the bundle: 3 digests and \d+ evidence objects removed$/m,
    );
    expect(out).toMatch(
      /^ {2}chain 222222222222\/eu-west-1 {2}0 digests, 0 findings: 1 problems \(1 missing\)$/m,
    );
    expect(out).toMatch(/^ {2}chain 222222222222\/us-east-1 {2}3 digests .*: ok$/m);
    expect(out).toMatch(/\nFAIL {2}15 digests /);
  });

  it('exports one account, or one region of the evidence: each states its scope and verifies pinned', async () => {
    const account = await exported('--account', '333333333333');
    const accountRun = await verified(account, '--account', '333333333333');
    expect(accountRun.code).toBe(0);
    expect(accountRun.out).toContain('  scope: account 333333333333, every region\n');
    expect(accountRun.out.match(/^ {2}chain /gm)).toHaveLength(2);
    // Asked for an account the bundle does not cover, verify fails.
    const notCovered = await verified(account, '--account', '111111111111');
    expect(notCovered.code).toBe(1);
    expect(notCovered.out).toMatch(
      /^MISSING +manifest\.json +the bundle's scope .* does not cover account 111111111111/m,
    );

    const region = await exported('--evidence-region', 'eu-west-1');
    const regionRun = await verified(region, '--evidence-region', 'eu-west-1');
    expect(regionRun.code).toBe(0);
    expect(regionRun.out).toContain('  scope: every account, region eu-west-1\n');
    for (const member of MEMBER_ACCOUNTS)
      expect(regionRun.out).toMatch(new RegExp(`^ {2}chain ${member}/eu-west-1 `, 'm'));
    expect(regionRun.out).not.toContain('/us-east-1');
  });
});
