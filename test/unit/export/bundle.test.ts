import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyFingerprint, publicKeyPem } from '#shared/evidence/digest';
import type { DigestSigner } from '#shared/evidence/digest-signer';
import { serializeFinding } from '#shared/evidence/finding';
import { exportBundle, FINDINGS_CSV_HEADER } from '#shared/export/bundle';
import { ExportError } from '#shared/export/errors';
import { DirectoryEvidenceSource } from '#shared/export/evidence-source';
import {
  MANIFEST_SIGNING_PREFIX,
  manifestSigningString,
  verifyManifestSignature,
} from '#shared/export/manifest';
import { parsePeriod } from '#shared/export/period';
import { LocalSigner } from '#test/unit/evidence/fakes';
import { checkBundle, storedSha256 } from './check-bundle';
import { buildFindings, fakeDigest, IN_PERIOD, SCENARIO, writeEvidenceDir } from './scenario';

const GENERATOR = { name: 'vigil', version: '9.9.9' };
const UNSIGNED = { kind: 'unsigned' } as const;
const NOW = () => new Date('2026-11-02T00:00:00Z');

describe('exportBundle from a local copy of the evidence bucket', () => {
  let root = '';
  const findings = buildFindings(SCENARIO);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigil-export-unit-'));
    await writeEvidenceDir(join(root, 'evidence'), findings);
    // A digest of the hours the findings were written in, one outside them, and one of another chain.
    for (const key of [
      'digests/111111111111/us-east-1/2026/10/01/10.json',
      'digests/111111111111/us-east-1/2026/10/03/09.json',
      'digests/111111111111/us-east-1/2026/10/03/11.json',
      'digests/333333333333/us-east-1/2026/10/01/10.json',
    ]) {
      const file = join(root, 'evidence', ...key.split('/'));
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(file, fakeDigest(key));
    }
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes every file with the hashes the manifest lists, and exactly the period’s findings', async () => {
    const outDir = join(root, 'bundle');
    const progress: number[] = [];
    const result = await exportBundle({
      source: new DirectoryEvidenceSource(join(root, 'evidence')),
      period: parsePeriod('2026-10-01', '2026-10-03'),
      signer: UNSIGNED,
      outDir,
      generator: GENERATOR,
      now: NOW,
      concurrency: 3,
      onProgress: (step) => progress.push(step.findings),
    });
    const bundle = await checkBundle(outDir);
    expect(bundle.manifest).toMatchObject({
      generator: GENERATOR,
      generatedAt: '2026-11-02T00:00:00.000Z',
      period: { from: '2026-10-01T00:00:00.000Z', to: '2026-10-04T00:00:00.000Z' },
      accounts: ['111111111111', '222222222222'],
      regions: ['eu-west-1', 'us-east-1'],
      counts: { findings: IN_PERIOD, outsidePeriod: 0, problems: 0, digests: 2 },
      problems: [],
    });
    expect(result.manifest).toEqual(bundle.manifest);
    expect(progress.at(-1)).toBe(IN_PERIOD);

    const inPeriod = findings.filter(({ finding }) =>
      /^2026-10-0[1-3]/.test(finding.configurationItem.captureTime),
    );
    expect(new Set(bundle.lines.map(storedSha256))).toEqual(
      new Set(
        inPeriod.map(({ finding }) => createHash('sha256').update(serializeFinding(finding)).digest('hex')),
      ),
    );
  });

  it('copies the digests of the hours the findings were written in (and the hour after), byte for byte', async () => {
    const bundle = await checkBundle(join(root, 'bundle'));
    expect(bundle.manifest.digests.map((digest) => digest.key)).toEqual([
      'digests/111111111111/us-east-1/2026/10/01/10.json',
      'digests/111111111111/us-east-1/2026/10/03/09.json',
    ]);
    const copy = await readFile(
      join(root, 'bundle', 'digests/111111111111/us-east-1/2026/10/01/10.json'),
      'utf8',
    );
    expect(copy).toBe(fakeDigest('digests/111111111111/us-east-1/2026/10/01/10.json'));
  });

  it('writes findings.csv and ocsf.jsonl with one record per finding', async () => {
    const bundle = await checkBundle(join(root, 'bundle'));
    const [header, ...rows] = bundle.csv;
    expect(header).toEqual([...FINDINGS_CSV_HEADER]);
    expect(rows).toHaveLength(IN_PERIOD);
    const column = (name: (typeof FINDINGS_CSV_HEADER)[number]) => FINDINGS_CSV_HEADER.indexOf(name);
    const hostile = rows.find((row) => row[column('resource_id')] === 'bucket-3');
    expect(hostile?.[column('annotation')]).toBe(
      `'=HYPERLINK("http://evil") <script>document.title="pwned"</script>, "quoted"\nsecond line`,
    );
    expect(hostile?.[column('soc2')]).toBe('CC6.1 CC6.7');

    expect(bundle.ocsf).toHaveLength(IN_PERIOD);
    const failing = bundle.ocsf.find((event) => event.resources[0]?.data.resourceId === 'bucket-3');
    expect(failing).toMatchObject({
      class_uid: 2003,
      category_uid: 2,
      type_uid: 200301,
      severity_id: 4,
      compliance: {
        control: 's3-bucket-ssl-requests-only',
        standards: ['SOC 2'],
        requirements: ['CC6.1', 'CC6.7'],
        status: 'Fail',
        status_id: 3,
      },
      finding_info: { title: 'Title of s3-bucket-ssl-requests-only' },
      metadata: { product: { name: 'Vigil', version: '9.9.9' } },
      time: Date.parse('2026-10-02T12:00:02.000Z'),
    });
  });

  it('writes the summary the report is drawn from', async () => {
    const bundle = await checkBundle(join(root, 'bundle'));
    const cc61 = bundle.summary.criteria.find((criterion) => criterion.criterion === 'CC6.1');
    expect(cc61).toMatchObject({ evaluations: 9, passRate: 0.5, openFailuresAtEnd: 1, failures: 4 });
    expect(cc61?.timeToRemediate).toEqual({ count: 3, medianSeconds: 6 * 3600, maxSeconds: 24 * 3600 });
    expect(bundle.summaryCsv[0]?.[0]).toBe('criterion');
    expect(bundle.html).toContain('<svg');
    expect(bundle.html).not.toContain('<script>document.title');
  });

  it('reports a tampered object, keeps its bytes in findings.jsonl and leaves it out of the derived files', async () => {
    const evidence = join(root, 'tampered');
    await writeEvidenceDir(evidence, findings);
    const victim = findings[1];
    if (victim === undefined) throw new Error('scenario too short');
    const file = join(evidence, ...victim.key.split('/'));
    const altered = (await readFile(file, 'utf8')).replace('"COMPLIANT"', '"NON_COMPLIANT"');
    await writeFile(file, altered);
    const outDir = join(root, 'bundle-tampered');
    await exportBundle({
      source: new DirectoryEvidenceSource(evidence),
      period: parsePeriod('2026-10-01', '2026-10-03'),
      signer: UNSIGNED,
      outDir,
      generator: GENERATOR,
    });
    const bundle = await checkBundle(outDir);
    expect(bundle.manifest.problems).toEqual([
      { key: victim.key, problem: expect.stringContaining('hash mismatch') },
    ]);
    expect(bundle.lines).toContain(altered.slice(0, -1));
    expect(bundle.csv).toHaveLength(1 + IN_PERIOD - 1);
    expect(bundle.summary.totals.findings).toBe(IN_PERIOD - 1);
  });

  it('counts findings of a listed day outside a period given in hours, and filters by account', async () => {
    const outDir = join(root, 'bundle-hours');
    const result = await exportBundle({
      source: new DirectoryEvidenceSource(join(root, 'evidence')),
      period: parsePeriod('2026-10-01T00:00:00Z', '2026-10-03T06:00:00Z'),
      signer: UNSIGNED,
      accounts: ['111111111111'],
      outDir,
      generator: GENERATOR,
    });
    expect(result.manifest.counts).toMatchObject({ findings: 6, outsidePeriod: 1 });
    expect(result.manifest.accounts).toEqual(['111111111111']);
    expect(result.summary.totals.openFailuresAtEnd).toBe(2);
  });

  it('asks for the public key of the key that signed the digests, and warns when it cannot get it', async () => {
    const asked: string[] = [];
    const withKey = await exportBundle({
      source: new DirectoryEvidenceSource(join(root, 'evidence')),
      period: parsePeriod('2026-10-01', '2026-10-03'),
      signer: UNSIGNED,
      outDir: join(root, 'bundle-key'),
      resolvePublicKey: async (keyId) => {
        asked.push(keyId);
        return '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n';
      },
    });
    expect(asked).toEqual(['arn:aws:kms:us-east-1:111111111111:key/test-key']);
    expect(withKey.manifest.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(withKey.warnings).toEqual([]);

    const without = await exportBundle({
      source: new DirectoryEvidenceSource(join(root, 'evidence')),
      period: parsePeriod('2026-10-01', '2026-10-03'),
      signer: UNSIGNED,
      outDir: join(root, 'bundle-no-key'),
      resolvePublicKey: async () => {
        throw new Error('AccessDenied');
      },
    });
    expect(without.manifest.publicKeyPem).toBeUndefined();
    expect(without.manifest.counts.problems).toBe(0);
    expect(without.warnings).toEqual([expect.stringContaining('AccessDenied')]);
  });

  it('copies a malformed digest as it is and reports it', async () => {
    const evidence = join(root, 'bad-digest');
    await writeEvidenceDir(evidence, findings);
    const key = 'digests/111111111111/us-east-1/2026/10/02/08.json';
    await mkdir(join(evidence, 'digests/111111111111/us-east-1/2026/10/02'), { recursive: true });
    await writeFile(join(evidence, ...key.split('/')), 'not json');
    const outDir = join(root, 'bundle-bad-digest');
    const result = await exportBundle({
      source: new DirectoryEvidenceSource(evidence),
      period: parsePeriod('2026-10-01', '2026-10-03'),
      signer: UNSIGNED,
      outDir,
    });
    expect(result.manifest.problems).toEqual([{ key, problem: expect.stringContaining('digest') }]);
    expect(await readFile(join(outDir, ...key.split('/')), 'utf8')).toBe('not json');
    await checkBundle(outDir);
  });

  it('reads the look-back days to know the failures already open when the period begins', async () => {
    const run = (lookbackDays: number) =>
      exportBundle({
        source: new DirectoryEvidenceSource(join(root, 'evidence')),
        period: parsePeriod('2026-10-03', '2026-10-03'),
        signer: UNSIGNED,
        outDir: join(root, `bundle-lookback-${lookbackDays}`),
        lookbackDays,
      });
    const blind = await run(0);
    expect(blind.summary.openFailuresAtStart).toBe(0);
    expect(blind.summary.totals).toMatchObject({ findings: 1, remediated: 0, openFailuresAtEnd: 0 });

    const informed = await run(2);
    expect(informed.manifest).toMatchObject({ lookbackDays: 2, counts: { findings: 1 } });
    expect(informed.summary.openFailuresAtStart).toBe(2);
    expect(await readFile(join(root, 'bundle-lookback-2', 'report.html'), 'utf8')).toContain(
      '<b>2</b><span>Open at period start</span>',
    );
    expect(informed.summary.totals).toMatchObject({
      findings: 1,
      evaluations: 1,
      resourcesEvaluated: 1,
      failures: 0,
      remediated: 1,
      openFailuresAtEnd: 1,
      timeToRemediate: { count: 1, medianSeconds: 24 * 3600, maxSeconds: 24 * 3600 },
    });
    expect(informed.summary.timeline).toEqual([{ day: '2026-10-03', opened: 0, closed: 1, open: 1 }]);
    expect(informed.summary.openFailures.map((failure) => failure.resourceId)).toEqual(['bucket-3']);
    const cc67 = informed.summary.criteria.find((criterion) => criterion.criterion === 'CC6.7');
    expect(cc67?.daily).toEqual([{ day: '2026-10-03', compliant: 2, nonCompliant: 1, passRate: 2 / 3 }]);
  });

  it('fails with the read error when the source fails mid-way', async () => {
    const directory = new DirectoryEvidenceSource(join(root, 'evidence'));
    let reads = 0;
    const flaky = {
      location: directory.location,
      listPrefixes: (prefix: string) => directory.listPrefixes(prefix),
      listKeys: (prefix: string) => directory.listKeys(prefix),
      read: async (key: string) => {
        reads++;
        if (reads === 4) throw new ExportError(`cannot read ${key}`);
        return directory.read(key);
      },
    };
    await expect(
      exportBundle({
        source: flaky,
        period: parsePeriod('2026-10-01', '2026-10-03'),
        signer: UNSIGNED,
        outDir: join(root, 'bundle-flaky'),
      }),
    ).rejects.toThrow(/cannot read findings\//);
  });

  it('refuses to write into a directory that is not empty', async () => {
    const outDir = join(root, 'busy');
    await mkdir(outDir);
    await writeFile(join(outDir, 'keep.txt'), 'x');
    await expect(
      exportBundle({
        source: new DirectoryEvidenceSource(join(root, 'evidence')),
        period: parsePeriod('2026-10-01', '2026-10-03'),
        signer: UNSIGNED,
        outDir,
        generator: GENERATOR,
      }),
    ).rejects.toThrow(ExportError);
  });
});

describe('exportBundle signs manifest.json with the digest signing key', () => {
  let root = '';
  const signer = new LocalSigner();
  const fingerprint = publicKeyFingerprint(signer.public);
  const digestKeyId = 'arn:aws:kms:us-east-1:111111111111:key/test-key';

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigil-export-signed-'));
    await writeEvidenceDir(join(root, 'evidence'), buildFindings(SCENARIO));
    const key = 'digests/111111111111/us-east-1/2026/10/01/10.json';
    await mkdir(join(root, 'evidence', 'digests/111111111111/us-east-1/2026/10/01'), { recursive: true });
    await writeFile(join(root, 'evidence', ...key.split('/')), fakeDigest(key, digestKeyId));
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  const run = (out: string, options: Partial<Parameters<typeof exportBundle>[0]> = {}) =>
    exportBundle({
      source: new DirectoryEvidenceSource(join(root, 'evidence')),
      period: parsePeriod('2026-10-01', '2026-10-03'),
      outDir: join(root, out),
      generator: GENERATOR,
      now: NOW,
      signer: { kind: 'key', signer },
      ...options,
    });

  it('signs the canonical JSON of everything but the signature, and names the key in signing', async () => {
    const result = await run('signed');
    const raw = JSON.parse(await readFile(join(root, 'signed', 'manifest.json'), 'utf8'));
    expect(raw.signing).toEqual({
      keyId: signer.id,
      algorithm: 'RSASSA_PSS_SHA_256',
      publicKeyFingerprint: fingerprint,
    });
    expect(raw.publicKeyPem).toBe(publicKeyPem(signer.public));
    expect(raw.rules).toEqual(['cmk-backing-key-rotation-enabled', 's3-bucket-ssl-requests-only']);
    expect(manifestSigningString(raw)).toMatch(new RegExp(`^${MANIFEST_SIGNING_PREFIX}\\n[0-9a-f]{64}$`));
    expect(verifyManifestSignature(raw, signer.public)).toBe(true);
    expect(result.manifest).toEqual(raw);
    await checkBundle(join(root, 'signed'));

    for (const change of [
      (manifest: typeof raw) => {
        manifest.period.to = '2026-10-02T00:00:00.000Z';
      },
      (manifest: typeof raw) => {
        manifest.accounts = ['111111111111'];
      },
      (manifest: typeof raw) => {
        manifest.files[0].sha256 = '0'.repeat(64);
      },
      (manifest: typeof raw) => {
        manifest.note = 'added';
      },
    ]) {
      const copy = structuredClone(raw);
      change(copy);
      expect(verifyManifestSignature(copy, signer.public)).toBe(false);
    }
    expect(verifyManifestSignature(raw, new LocalSigner().public)).toBe(false);
  });

  it('names the signing key fingerprint in summary.json, summary.csv and report.html', async () => {
    const bundle = await checkBundle(join(root, 'signed'));
    expect(bundle.summary.signing).toEqual({
      keyId: signer.id,
      algorithm: 'RSASSA_PSS_SHA_256',
      publicKeyFingerprint: fingerprint,
    });
    const [header = [], ...rows] = bundle.summaryCsv;
    expect(header.at(-1)).toBe('signing_key_fingerprint');
    expect(rows.every((row) => row.at(-1) === `sha256:${fingerprint}`)).toBe(true);
    expect(bundle.html).toContain(`<b>sha256:${fingerprint}</b>`);
    expect(bundle.html).toContain(`--key-fingerprint sha256:${fingerprint}`);

    await run('unsigned', { signer: UNSIGNED });
    const unsigned = await checkBundle(join(root, 'unsigned'));
    expect(unsigned.manifest.signature).toBeUndefined();
    expect(unsigned.manifest.signing).toBeUndefined();
    expect(unsigned.summary.signing).toBeUndefined();
    expect(unsigned.summaryCsv[1]?.at(-1)).toBe('');
    expect(unsigned.html).toContain('manifest.json is not signed');
  });

  it('by default signs with the key the newest bundled digest names, and warns when the digests use another', async () => {
    const asked: string[] = [];
    const result = await run('digest-key', {
      signer: {
        kind: 'digest-key',
        signerFor: (keyId) => {
          asked.push(keyId);
          return signer;
        },
      },
    });
    expect(asked).toEqual([digestKeyId]);
    expect(result.manifest.signing?.publicKeyFingerprint).toBe(fingerprint);
    // The fake digest names a fingerprint of zeros, not this signer's.
    expect(result.warnings).toEqual([expect.stringContaining(`sha256:${'0'.repeat(64)}`)]);
  });

  it('fails when no bundled digest names a key to sign with', async () => {
    await expect(
      run('no-digest-key', {
        period: parsePeriod('2026-10-02', '2026-10-02'),
        signer: { kind: 'digest-key', signerFor: () => signer },
      }),
    ).rejects.toThrow(/no bundled digest names a key/);
  });

  it('fails before writing anything when the signing key cannot be read', async () => {
    const unknown: DigestSigner = {
      keyId: async () => {
        throw new Error('NotFoundException: alias/nope is not found');
      },
      publicKey: () => signer.publicKey(),
      sign: (message) => signer.sign(message),
    };
    await expect(run('unknown-key', { signer: { kind: 'key', signer: unknown } })).rejects.toThrow(
      /cannot read the manifest signing key: NotFoundException/,
    );
    await expect(readdir(join(root, 'unknown-key'))).rejects.toThrow();
  });

  it('fails without a manifest when the signer refuses to sign', async () => {
    const refusing: DigestSigner = {
      keyId: () => signer.keyId(),
      publicKey: () => signer.publicKey(),
      sign: async () => {
        throw new Error('AccessDeniedException: not allowed to kms:Sign');
      },
    };
    const error = await run('refused', { signer: { kind: 'key', signer: refusing } }).catch((e) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect(error.message).toMatch(/cannot sign the manifest with .*: AccessDeniedException/);
    await expect(readFile(join(root, 'refused', 'manifest.json'))).rejects.toThrow();
  });

  it('refuses a public key that is not the signing key', async () => {
    await expect(run('other-key', { publicKeyPem: publicKeyPem(new LocalSigner().public) })).rejects.toThrow(
      /is not the signing key/,
    );
  });
});
