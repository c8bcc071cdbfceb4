import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '#cli/vigil';
import { digestChainPrefix, publicKeyPem } from '#shared/evidence/digest';
import { verifyBundle } from '#shared/evidence/verify-bundle';
import { type VerificationReport, verdictOf } from '#shared/evidence/verify-evidence';
import { exportBundle } from '#shared/export/bundle';
import { DirectoryEvidenceSource } from '#shared/export/evidence-source';
import { captureIo } from '#test/support/cli-io';
import { readManifest } from '#test/unit/evidence/bundle-tampering';
import { LocalSigner } from '#test/unit/evidence/fakes';
import { checkBundle } from './check-bundle';
import { buildFindings, type ScenarioStep, writeEvidenceDir } from './scenario';

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'] as const;
const REGIONS = ['eu-west-1', 'us-east-1'] as const;
const PERIOD = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-10-02T00:00:00Z') };
const signer = new LocalSigner();
const PINNED = { kind: 'key', key: signer.public } as const;

/**
 * Per account and region of three accounts and two regions: a bucket that fails at 02:00 and is fixed
 * (account 1 after 1 h, account 2 after 2 h, account 3 never) and a compliant key.
 */
function orgSteps(): ScenarioStep[] {
  return ACCOUNTS.flatMap((accountId, index) =>
    REGIONS.flatMap((region): ScenarioStep[] => {
      const common = { accountId, region, soc2: ['CC6.1'], severity: 'high' } as const;
      const bucket = { ...common, ruleId: 's3-bucket-ssl-requests-only', resourceType: 'AWS::S3::Bucket' };
      return [
        {
          ...bucket,
          resourceId: 'logs',
          captureTime: '2026-10-01T02:00:00.000Z',
          compliance: 'NON_COMPLIANT',
        },
        ...(index < 2
          ? [
              {
                ...bucket,
                resourceId: 'logs',
                captureTime: `2026-10-01T0${3 + index}:00:00.000Z`,
                compliance: 'COMPLIANT',
              } as const,
            ]
          : []),
        {
          ...common,
          ruleId: 'cmk-backing-key-rotation-enabled',
          resourceType: 'AWS::KMS::Key',
          resourceId: 'key',
          captureTime: '2026-10-01T02:30:00.000Z',
          compliance: 'COMPLIANT',
        },
      ];
    }),
  );
}

function chainNames(report: VerificationReport): string[] {
  return report.chains.map((chain) => `${chain.accountId}/${chain.region}`);
}

describe('an organization bundle: three accounts, two regions, one evidence bucket', () => {
  let root = '';
  let source = '';
  let count = 0;

  /** Exports the bundle (org-wide unless accounts or regions are given); returns its directory. */
  async function exported(scope: { accounts?: string[]; regions?: string[] } = {}): Promise<string> {
    const outDir = join(root, `bundle-${++count}`);
    await exportBundle({
      source: new DirectoryEvidenceSource(source),
      period: PERIOD,
      outDir,
      signer: { kind: 'key', signer },
      publicKeyPem: publicKeyPem(signer.public),
      ...scope,
    });
    return outDir;
  }

  /** A copy of a bundle without the files under the given chains' digests/ and findings/ folders. */
  async function without(dir: string, chains: readonly (readonly [string, string])[]): Promise<string> {
    const copy = join(root, `tampered-${++count}`);
    const gone = chains.flatMap(([account, region]) => [
      digestChainPrefix(account, region),
      `findings/${account}/${region}/`,
    ]);
    const manifest = await readManifest(dir);
    for (const path of [...manifest.files.map((file) => file.path), 'manifest.json']) {
      if (gone.some((prefix) => path.startsWith(prefix))) continue;
      await mkdir(dirname(join(copy, path)), { recursive: true });
      await copyFile(join(dir, path), join(copy, path));
    }
    return copy;
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigil-org-bundle-'));
    source = join(root, 'evidence');
    await writeEvidenceDir(source, buildFindings(orgSteps()), {
      signer,
      sealUntil: new Date('2026-10-02T00:15:00Z'),
    });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('exports every chain org-wide, says so in the signed manifest, and verifies with the key pinned', async () => {
    const dir = await exported();
    const bundle = await checkBundle(dir);
    expect(bundle.manifest.scope).toEqual({ accounts: 'all', regions: 'all' });
    expect(bundle.manifest.chains.map((chain) => `${chain.accountId}/${chain.region}`)).toEqual(
      ACCOUNTS.flatMap((account) => REGIONS.map((region) => `${account}/${region}`)),
    );
    expect(bundle.manifest.accounts).toEqual([...ACCOUNTS]);
    expect(bundle.manifest.regions).toEqual([...REGIONS]);
    const report = await verifyBundle({ dir, pin: PINNED });
    expect(report.problems).toEqual([]);
    expect(verdictOf(report)).toBe('PASS');
    expect(report.scope).toEqual({ accounts: 'all', regions: 'all' });
    expect(chainNames(report)).toHaveLength(6);
    for (const chain of report.chains) {
      // Each chain starts at its first write (02:00) and is sealed to the end of the day: 22 hours.
      expect(chain).toMatchObject({
        digests: 22,
        findings: chain.accountId === ACCOUNTS[2] ? 2 : 3,
        problems: {},
      });
    }
  });

  it('breaks the summary and the report down by account, and shows the chains covered', async () => {
    const bundle = await checkBundle(await exported());
    expect(
      bundle.summary.accounts.map((account) => [
        account.accountId,
        account.regions,
        account.evaluations,
        account.passRate,
        account.timeToRemediate.medianSeconds,
        account.openFailuresAtEnd,
      ]),
    ).toEqual([
      ['111111111111', ['eu-west-1', 'us-east-1'], 6, 4 / 6, 3600, 0],
      ['222222222222', ['eu-west-1', 'us-east-1'], 6, 4 / 6, 7200, 0],
      ['333333333333', ['eu-west-1', 'us-east-1'], 4, 0.5, null, 2],
    ]);
    expect(bundle.summary.coverage?.scope).toEqual({ accounts: 'all', regions: 'all' });
    expect(bundle.summary.coverage?.chains).toHaveLength(6);
    // The per-criterion and per-rule views are still there.
    expect(bundle.summary.criteria.map((criterion) => criterion.rules.length)).toEqual([2]);
    const accountRows = bundle.summaryCsv.filter((row) => row[0] === '' && row[19] !== '');
    expect(accountRows.map((row) => [row[19], row[20], row[11]])).toEqual([
      ['111111111111', 'eu-west-1 us-east-1', '66.67'],
      ['222222222222', 'eu-west-1 us-east-1', '66.67'],
      ['333333333333', 'eu-west-1 us-east-1', '50.00'],
    ]);
    expect(bundle.html).toContain('<h2>By account</h2>');
    expect(bundle.html).toContain('Exported for every account and every region: 6 account–region chains');
    for (const account of ACCOUNTS) expect(bundle.html).toContain(`<td><code>${account}</code></td>`);
  });

  it('fails an org-wide bundle missing one chain, naming it, and reports the other chains intact', async () => {
    const dir = await without(await exported(), [['222222222222', 'eu-west-1']]);
    const report = await verifyBundle({ dir, pin: PINNED });
    expect(verdictOf(report)).toBe('FAIL');
    const named = report.problems.filter((problem) => problem.key === 'digests/222222222222/eu-west-1/');
    expect(named).toEqual([
      {
        kind: 'missing',
        key: 'digests/222222222222/eu-west-1/',
        detail: expect.stringMatching(
          /^chain 222222222222\/eu-west-1 is in the signed manifest \(hours .*\) but none of its files is in the bundle: 22 digests and 3 evidence objects removed$/,
        ),
      },
    ]);
    const chain = report.chains.find(
      (entry) => entry.accountId === '222222222222' && entry.region === 'eu-west-1',
    );
    expect(chain).toMatchObject({ digests: 0, findings: 0 });
    expect(chain?.problems.missing).toBeGreaterThanOrEqual(1);
    expect(
      report.chains
        .filter((entry) => Object.keys(entry.problems).length === 0)
        .map((entry) => entry.accountId),
    ).toEqual(['111111111111', '111111111111', '222222222222', '333333333333', '333333333333']);
  });

  it('fails an org-wide bundle missing a whole account, naming each of its chains', async () => {
    const dir = await without(await exported(), [
      ['333333333333', 'eu-west-1'],
      ['333333333333', 'us-east-1'],
    ]);
    const report = await verifyBundle({ dir, pin: PINNED });
    expect(
      report.problems.filter((problem) => /^chain /.test(problem.detail)).map((problem) => problem.key),
    ).toEqual(['digests/333333333333/eu-west-1/', 'digests/333333333333/us-east-1/']);
  });

  it('exports one account: the signed scope says so, it verifies, and a removed chain of it is still caught', async () => {
    const dir = await exported({ accounts: ['222222222222'] });
    const bundle = await checkBundle(dir);
    expect(bundle.manifest.scope).toEqual({ accounts: ['222222222222'], regions: 'all' });
    expect(bundle.manifest.chains.map((chain) => chain.region)).toEqual([...REGIONS]);
    expect(bundle.summary.accounts.map((account) => account.accountId)).toEqual(['222222222222']);
    const report = await verifyBundle({ dir, pin: PINNED, accounts: ['222222222222'] });
    expect(report.problems).toEqual([]);
    expect(report.scope).toEqual({ accounts: ['222222222222'], regions: 'all' });
    expect(chainNames(report)).toEqual(['222222222222/eu-west-1', '222222222222/us-east-1']);

    const removed = await verifyBundle({
      dir: await without(dir, [['222222222222', 'us-east-1']]),
      pin: PINNED,
    });
    expect(removed.problems.map((problem) => problem.key)).toContain('digests/222222222222/us-east-1/');
  });

  it('exports one region of the evidence across every account', async () => {
    const dir = await exported({ regions: ['eu-west-1'] });
    const bundle = await checkBundle(dir);
    expect(bundle.manifest.scope).toEqual({ accounts: 'all', regions: ['eu-west-1'] });
    expect(bundle.manifest.chains.map((chain) => chain.accountId)).toEqual([...ACCOUNTS]);
    const report = await verifyBundle({ dir, pin: PINNED, regions: ['eu-west-1'] });
    expect(report.problems).toEqual([]);
    expect(chainNames(report)).toEqual(ACCOUNTS.map((account) => `${account}/eu-west-1`));
  });

  it('fails a restricted bundle asked for more than its scope, and one holding a chain outside it', async () => {
    const dir = await exported({ accounts: ['222222222222'], regions: ['us-east-1'] });
    const asked = await verifyBundle({ dir, pin: PINNED, accounts: ['111111111111', '222222222222'] });
    expect(asked.problems.map((problem) => `${problem.kind} ${problem.key} ${problem.detail}`)).toEqual([
      'missing digests/111111111111/ no chain of account 111111111111, asked for, in the bundle',
      "missing manifest.json the bundle's scope (accounts 222222222222, regions us-east-1) does not cover account 111111111111, asked for",
    ]);

    // A digest of another chain slipped into the bundle is outside its signed scope.
    const foreign = 'digests/111111111111/us-east-1/2026/10/01/05.json';
    await mkdir(dirname(join(dir, foreign)), { recursive: true });
    await copyFile(join(source, foreign), join(dir, foreign));
    const report = await verifyBundle({ dir, pin: PINNED });
    expect(report.problems).toContainEqual({
      kind: 'unlisted',
      key: foreign,
      detail: "digest of a chain outside the bundle's scope (accounts 222222222222, regions us-east-1)",
    });
  });

  it('vigil export --evidence-region and --account restrict the chains; vigil verify prints each chain and the scope', async () => {
    const out = join(root, `cli-${++count}`);
    const exporting = captureIo();
    const args = ['--from', '2026-10-01', '--to', '2026-10-01', '--source', source, '--out', out, '-q'];
    expect(
      await main(
        [
          'export',
          ...args,
          '--account',
          '111111111111',
          '--account',
          '333333333333',
          '--evidence-region',
          'us-east-1',
          '--unsigned',
        ],
        exporting,
      ),
    ).toBe(0);
    expect(exporting.out()).toContain('Exported 5 findings (2 accounts, 44 digests)');
    expect((await readManifest(out)).scope).toEqual({
      accounts: ['111111111111', '333333333333'],
      regions: ['us-east-1'],
    });

    const keyFile = join(root, 'key.pem');
    await writeFile(keyFile, publicKeyPem(signer.public));
    const dir = await exported();
    const verifying = captureIo();
    const code = await main(
      [
        'verify',
        '--bundle',
        dir,
        '--public-key',
        keyFile,
        '--account',
        '222222222222',
        '--evidence-region',
        'eu-west-1',
      ],
      verifying,
    );
    expect(code).toBe(0);
    const lines = verifying.out().split('\n');
    expect(lines[0]).toMatch(/^PASS {2}132 digests .*, 16 findings: chain unbroken/);
    expect(lines[1]).toBe('  scope: every account, every region');
    expect(lines.slice(2, 8)).toEqual(
      ACCOUNTS.flatMap((account) =>
        REGIONS.map((region) =>
          expect.stringMatching(
            new RegExp(
              `^ {2}chain ${account}/${region} {2}22 digests \\(2026-10-01T02:00:00\\.000Z to 2026-10-02T00:00:00\\.000Z\\), [23] findings: ok$`,
            ),
          ),
        ),
      ),
    );

    const tampered = await without(dir, [['333333333333', 'us-east-1']]);
    const failing = captureIo();
    expect(await main(['verify', '--bundle', tampered, '--public-key', keyFile], failing)).toBe(1);
    expect(failing.out()).toMatch(
      /^MISSING +digests\/333333333333\/us-east-1\/ +chain 333333333333\/us-east-1 is in the signed manifest/m,
    );
    expect(failing.out()).toMatch(
      /^ {2}chain 333333333333\/us-east-1 {2}0 digests, 0 findings: \d+ problems \(\d+ missing/m,
    );
    expect(failing.out()).toMatch(/^ {2}chain 333333333333\/eu-west-1 {2}22 digests .*: ok$/m);
    expect(failing.out()).toMatch(/\nFAIL {2}110 digests .*\n$/);

    for (const [flag, value] of [
      ['--account', '1234'],
      ['--evidence-region', 'EU West'],
    ] as const) {
      const bad = captureIo();
      expect(await main(['verify', '--bundle', dir, flag, value], bad)).toBe(2);
      expect(bad.err()).toContain(`${flag} '${value}' is not`);
      const badExport = captureIo();
      expect(await main(['export', ...args, flag, value], badExport)).toBe(2);
    }
  });
});
