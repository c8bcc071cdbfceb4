import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPrefix, runExportFunction } from '#functions/export';
import { ConfigError } from '#shared/config';
import { publicKeyFingerprint } from '#shared/evidence/digest';
import { verifyBundle } from '#shared/evidence/verify-bundle';
import { verdictOf } from '#shared/evidence/verify-evidence';
import { ExportError } from '#shared/export/errors';
import { DirectoryEvidenceSource } from '#shared/export/evidence-source';
import { verifyManifestSignature } from '#shared/export/manifest';
import { parsePeriod } from '#shared/export/period';
import { parseExportSettings } from '#shared/export/settings';
import { LocalSigner } from '#test/unit/evidence/fakes';
import { checkBundle } from './check-bundle';
import { buildFindings, IN_PERIOD, PERIOD_DIGESTS, SCENARIO, writeEvidenceDir } from './scenario';

describe('export function settings', () => {
  it('defaults the export bucket to the evidence bucket and the prefix to exports/', () => {
    expect(
      parseExportSettings({ EVIDENCE_BUCKET: 'evidence-bucket', DIGEST_SIGNING_KEY_ID: 'alias/digests' }),
    ).toEqual({
      evidenceBucket: 'evidence-bucket',
      exportBucket: 'evidence-bucket',
      exportPrefix: 'exports/',
      concurrency: 16,
      lookbackDays: 31,
      signingKeyId: 'alias/digests',
      frameworks: ['soc2'],
      region: 'us-east-1',
      endpointUrl: undefined,
    });
  });

  it('reads every variable and adds the trailing slash of a prefix', () => {
    const settings = parseExportSettings({
      EVIDENCE_BUCKET: 'evidence-bucket',
      DIGEST_SIGNING_KEY_ID: 'arn:aws:kms:eu-west-1:111111111111:key/digests',
      EXPORT_BUCKET: 'audit-bucket',
      EXPORT_PREFIX: 'soc2/bundles',
      EXPORT_CONCURRENCY: '32',
      AWS_REGION: 'eu-west-1',
    });
    expect(settings).toMatchObject({
      exportBucket: 'audit-bucket',
      exportPrefix: 'soc2/bundles/',
      concurrency: 32,
    });
  });

  it.each([
    [{}],
    [{ EVIDENCE_BUCKET: 'b-ok' }],
    [{ EVIDENCE_BUCKET: 'b-ok', DIGEST_SIGNING_KEY_ID: 'k', EXPORT_CONCURRENCY: '0' }],
    [{ EVIDENCE_BUCKET: 'b-ok', DIGEST_SIGNING_KEY_ID: 'k', AWS_ENDPOINT_URL: 'nope' }],
    [{ EVIDENCE_BUCKET: 'b-ok', DIGEST_SIGNING_KEY_ID: 'k', EXPORT_FRAMEWORKS: 'soc2,hipaa' }],
    [{ EVIDENCE_BUCKET: 'b-ok', DIGEST_SIGNING_KEY_ID: 'k', EXPORT_FRAMEWORKS: ' , ' }],
  ])('refuses %j', (env) => {
    expect(() => parseExportSettings(env)).toThrow(ConfigError);
  });

  it('reads the scheduled export frameworks, short or versioned, each once in the order given', () => {
    const settings = parseExportSettings({
      EVIDENCE_BUCKET: 'evidence-bucket',
      DIGEST_SIGNING_KEY_ID: 'alias/digests',
      EXPORT_FRAMEWORKS: 'pci-dss-4.0,soc2,pci',
    });
    expect(settings.frameworks).toEqual(['pci', 'soc2']);
  });

  it('names the variable and the unknown framework', () => {
    expect(() =>
      parseExportSettings({
        EVIDENCE_BUCKET: 'evidence-bucket',
        DIGEST_SIGNING_KEY_ID: 'alias/digests',
        EXPORT_FRAMEWORKS: 'hipaa',
      }),
    ).toThrow(/EXPORT_FRAMEWORKS: .*hipaa/);
  });
});

describe('runExportFunction', () => {
  let root = '';
  const destinations: string[] = [];

  const signer = new LocalSigner();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigil-export-fn-'));
    await writeEvidenceDir(join(root, 'evidence'), buildFindings(SCENARIO), { signer });
  });

  afterAll(() => rm(root, { recursive: true, force: true }));
  const deps = (now: string, env: Record<string, string> = {}) => ({
    settings: parseExportSettings({
      EVIDENCE_BUCKET: 'evidence-bucket',
      DIGEST_SIGNING_KEY_ID: signer.id,
      ...env,
    }),
    signer,
    source: new DirectoryEvidenceSource(join(root, 'evidence')),
    destination: (prefix: string) => {
      destinations.push(prefix);
      return { kind: 'directory' as const, path: join(root, 'out', prefix) };
    },
    clock: () => new Date(now),
  });

  it('exports the period asked for under exports/<first day>_<last day>/<time>/', async () => {
    const response = await runExportFunction(
      { from: '2026-10-01', to: '2026-10-03' },
      deps('2026-11-05T10:20:30.456Z'),
    );
    expect(response).toEqual({
      location: join(root, 'out', 'exports/2026-10-01_2026-10-03/20261105T102030Z/'),
      period: { from: '2026-10-01T00:00:00.000Z', to: '2026-10-04T00:00:00.000Z' },
      findings: IN_PERIOD,
      digests: PERIOD_DIGESTS,
      problems: 0,
    });
    const bundle = await checkBundle(response.location);
    expect(bundle.manifest.generatedAt).toBe('2026-11-05T10:20:30.456Z');
    expect(bundle.manifest.signing?.publicKeyFingerprint).toBe(publicKeyFingerprint(signer.public));
    expect(verifyManifestSignature(bundle.manifest, signer.public)).toBe(true);
    const report = await verifyBundle({ dir: response.location, pin: { kind: 'key', key: signer.public } });
    expect(verdictOf(report)).toBe('PASS');
  });

  it('exports only the regions of the evidence asked for, and says so in the signed scope', async () => {
    const response = await runExportFunction(
      { from: '2026-10-01', to: '2026-10-03', regions: ['eu-west-1'] },
      deps('2026-11-05T11:00:00Z'),
    );
    const bundle = await checkBundle(response.location);
    expect(bundle.manifest.scope).toEqual({ accounts: 'all', regions: ['eu-west-1'] });
    expect(bundle.manifest.chains.map((chain) => `${chain.accountId}/${chain.region}`)).toEqual([
      '222222222222/eu-west-1',
    ]);
  });

  it('shows the frameworks asked for and records them in the signed manifest', async () => {
    const response = await runExportFunction(
      { from: '2026-10-01', to: '2026-10-03', frameworks: ['pci-dss-4.0', 'cis'] },
      deps('2026-11-05T11:30:00Z'),
    );
    const bundle = await checkBundle(response.location);
    expect(bundle.manifest.frameworks).toEqual([
      { id: 'pci', versionedId: 'pci-dss-4.0' },
      { id: 'cis', versionedId: 'cis-aws-5.0.0' },
    ]);
    expect(bundle.summary.frameworks?.map((entry) => entry.framework)).toEqual(['pci', 'cis']);
  });

  it('exports the previous month for a scheduled event', async () => {
    const response = await runExportFunction(
      { 'detail-type': 'Scheduled Event', source: 'aws.events' },
      deps('2026-11-01T01:00:00Z'),
    );
    expect(response.period).toEqual({ from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' });
    expect(response.findings).toBe(IN_PERIOD + 1);
    expect((await checkBundle(response.location)).manifest.frameworks).toEqual([
      { id: 'soc2', versionedId: 'soc2-2017' },
    ]);
  });

  it('shows the frameworks of EXPORT_FRAMEWORKS in a scheduled export; a request’s own list replaces them', async () => {
    const env = { EXPORT_FRAMEWORKS: 'iso27001,cis' };
    const scheduled = await runExportFunction(
      { 'detail-type': 'Scheduled Event', source: 'aws.events' },
      deps('2026-11-01T02:00:00Z', env),
    );
    const bundle = await checkBundle(scheduled.location);
    expect(bundle.manifest.frameworks?.map((entry) => entry.id)).toEqual(['iso27001', 'cis']);
    expect(new Set(bundle.controlsCsv.slice(1).map((row) => row[0]))).toEqual(new Set(['iso27001', 'cis']));
    const asked = await runExportFunction(
      { from: '2026-10-01', to: '2026-10-03', frameworks: ['pci'] },
      deps('2026-11-05T12:00:00Z', env),
    );
    expect((await checkBundle(asked.location)).manifest.frameworks?.map((entry) => entry.id)).toEqual([
      'pci',
    ]);
  });

  it('refuses a malformed on-demand period before writing anything', async () => {
    const before = destinations.length;
    await expect(
      runExportFunction({ from: '2026-10-31', to: '2026-10-01' }, deps('2026-11-01T00:00:00Z')),
    ).rejects.toThrow(ExportError);
    expect(destinations).toHaveLength(before);
  });

  it.each([
    [{ from: '2026-10-01' }],
    [{ from: 20261001, to: 20261031 }],
    [{ from: '2026-10-01', to: '2026-10-31', accounts: ['x'] }],
    [{ from: '2026-10-01', to: '2026-10-31', regions: ['EU West'] }],
    [{ from: '2026-10-01', to: '2026-10-31', frameworks: ['hipaa'] }],
    [{ from: '2026-10-01', to: '2026-10-31', frameworks: [] }],
  ])('refuses the malformed request %j instead of exporting last month', async (event) => {
    await expect(runExportFunction(event, deps('2026-11-01T00:00:00Z'))).rejects.toThrow(/malformed/);
  });

  it('names the folder after the first and last day of the period', () => {
    expect(
      exportPrefix('exports/', parsePeriod('2026-02-01', '2026-02-28'), new Date('2026-03-01T00:00:00Z')),
    ).toBe('exports/2026-02-01_2026-02-28/20260301T000000Z/');
  });
});
