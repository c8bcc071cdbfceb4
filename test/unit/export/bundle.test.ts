import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestKey, parseDigest, publicKeyFingerprint, publicKeyPem } from '#shared/evidence/digest';
import type { DigestSigner } from '#shared/evidence/digest-signer';
import { batchKey, recordLine, serializeBatch } from '#shared/evidence/finding';
import { verifyBundle } from '#shared/evidence/verify-bundle';
import { exportBundle, FINDINGS_CSV_HEADER } from '#shared/export/bundle';
import { ExportError } from '#shared/export/errors';
import { DirectoryEvidenceSource } from '#shared/export/evidence-source';
import {
  MANIFEST_SIGNING_PREFIX,
  manifestSigningString,
  verifyManifestSignature,
} from '#shared/export/manifest';
import { parsePeriod } from '#shared/export/period';
import { ruleTitleOf } from '#shared/rules/rule-titles';
import { LocalSigner, makeAttestation } from '#test/unit/evidence/fakes';
import { checkBundle } from './check-bundle';
import {
  batchBodyOf,
  buildFindings,
  IN_PERIOD,
  PERIOD_DIGESTS,
  SCENARIO,
  type StoredFinding,
  writeEvidenceDir,
} from './scenario';

const GENERATOR = { name: 'vigil', version: '9.9.9' };
const UNSIGNED = { kind: 'unsigned' } as const;
const NOW = () => new Date('2026-11-02T00:00:00Z');
const OCTOBER_1_TO_3 = parsePeriod('2026-10-01', '2026-10-03');

function inPeriod(findings: readonly StoredFinding[]): StoredFinding[] {
  return findings.filter(({ finding }) => /^2026-10-0[1-3]/.test(finding.evaluatedAt));
}

describe('exportBundle from a local copy of the evidence bucket', () => {
  let root = '';
  const findings = buildFindings(SCENARIO);
  let digestSigner: DigestSigner;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigil-export-unit-'));
    digestSigner = await writeEvidenceDir(join(root, 'evidence'), findings);
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes every file with the hashes the manifest lists, and exactly the findings of the period’s objects', async () => {
    const outDir = join(root, 'bundle');
    const progress: number[] = [];
    const result = await exportBundle({
      source: new DirectoryEvidenceSource(join(root, 'evidence')),
      period: OCTOBER_1_TO_3,
      signer: UNSIGNED,
      outDir,
      generator: GENERATOR,
      now: NOW,
      concurrency: 3,
      onProgress: (step) => progress.push(step.findings),
    });
    const bundle = await checkBundle(outDir);
    expect(bundle.manifest).toMatchObject({
      formatVersion: 2,
      generator: GENERATOR,
      generatedAt: '2026-11-02T00:00:00.000Z',
      period: { from: '2026-10-01T00:00:00.000Z', to: '2026-10-04T00:00:00.000Z' },
      accounts: ['111111111111', '222222222222'],
      regions: ['eu-west-1', 'us-east-1'],
      counts: {
        findings: IN_PERIOD,
        attestations: 0,
        objects: IN_PERIOD,
        remediationRecords: 0,
        problems: 0,
        digests: PERIOD_DIGESTS,
      },
      problems: [],
    });
    expect(result.manifest).toEqual(bundle.manifest);
    expect(progress.at(-1)).toBe(IN_PERIOD);
    expect(new Set(bundle.lines.map((line) => `${line}\n`))).toEqual(
      new Set(inPeriod(findings).map(batchBodyOf)),
    );
  });

  it('copies every digest of the period’s hours for every chain, and every object version they list, byte for byte', async () => {
    const bundle = await checkBundle(join(root, 'bundle'));
    expect(bundle.manifest.chains).toEqual([
      {
        accountId: '111111111111',
        region: 'us-east-1',
        from: '2026-10-01T00:00:00.000Z',
        to: '2026-10-04T00:00:00.000Z',
      },
      {
        accountId: '222222222222',
        region: 'eu-west-1',
        from: '2026-10-01T00:00:00.000Z',
        to: '2026-10-04T00:00:00.000Z',
      },
    ]);
    const keys = bundle.manifest.digests.map((digest) => digest.key);
    expect(keys).toHaveLength(PERIOD_DIGESTS);
    expect(keys).toContain(digestKey('111111111111', 'us-east-1', new Date('2026-10-01T00:00:00Z')));
    expect(keys).toContain(digestKey('222222222222', 'eu-west-1', new Date('2026-10-03T23:00:00Z')));
    expect(keys).not.toContain(digestKey('111111111111', 'us-east-1', new Date('2026-09-30T23:00:00Z')));
    for (const digest of bundle.manifest.digests) {
      expect(digest.path).toBe(digest.key);
      expect(await readFile(join(root, 'bundle', digest.path))).toEqual(
        await readFile(join(root, 'evidence', digest.key)),
      );
    }
    // Every object version a bundled digest lists is bundled at its key, once.
    const listed = await Promise.all(
      bundle.manifest.digests.map(
        async (digest) => parseDigest(await readFile(join(root, 'bundle', digest.path), 'utf8')).objects,
      ),
    );
    expect(bundle.manifest.objects.map(({ key, versionId }) => ({ key, versionId })).sort(byKey)).toEqual(
      listed
        .flat()
        .map(({ key, versionId }) => ({ key, versionId }))
        .sort(byKey),
    );
    for (const object of bundle.manifest.objects) {
      expect(object.path).toBe(object.key);
      expect(await readFile(join(root, 'bundle', object.path))).toEqual(
        await readFile(join(root, 'evidence', object.key)),
      );
    }
  });

  it('writes a bundle that verifies with the digest signing key pinned', async () => {
    const outDir = join(root, 'bundle-signed-by-digest-key');
    await exportBundle({
      source: new DirectoryEvidenceSource(join(root, 'evidence')),
      period: OCTOBER_1_TO_3,
      signer: { kind: 'key', signer: digestSigner },
      outDir,
    });
    const report = await verifyBundle({
      dir: outDir,
      pin: { kind: 'key', key: await digestSigner.publicKey() },
    });
    expect(report).toMatchObject({
      problems: [],
      findings: IN_PERIOD,
      digests: PERIOD_DIGESTS,
      pinned: true,
    });
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
    expect(hostile?.[column('evidence_key')]).toMatch(
      /^findings\/111111111111\/us-east-1\/2026\/10\/02\/12\/20261002T120002\.000Z_scenario-6\.jsonl$/,
    );

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
      finding_info: { title: ruleTitleOf('s3-bucket-ssl-requests-only') },
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

  it('copies an object altered after sealing as it is, reports its line, and leaves it out of the jsonl and derived files', async () => {
    const evidence = join(root, 'tampered');
    await writeEvidenceDir(evidence, findings, { signer: digestSigner });
    const victim = findings[1];
    if (victim === undefined) throw new Error('scenario too short');
    const file = join(evidence, ...victim.key.split('/'));
    const altered = (await readFile(file, 'utf8')).replace('"COMPLIANT"', '"NON_COMPLIANT"');
    await writeFile(file, altered);
    const outDir = join(root, 'bundle-tampered');
    await exportBundle({
      source: new DirectoryEvidenceSource(evidence),
      period: OCTOBER_1_TO_3,
      signer: { kind: 'key', signer: digestSigner },
      outDir,
      generator: GENERATOR,
    });
    const bundle = await checkBundle(outDir);
    expect(bundle.manifest.problems).toEqual([
      { key: `${victim.key}:1`, problem: expect.stringContaining('hash mismatch') },
    ]);
    expect(await readFile(join(outDir, victim.key), 'utf8')).toBe(altered);
    expect(bundle.lines).not.toContain(altered.slice(0, -1));
    expect(bundle.lines).toHaveLength(IN_PERIOD - 1);
    expect(bundle.csv).toHaveLength(1 + IN_PERIOD - 1);
    expect(bundle.summary.totals.findings).toBe(IN_PERIOD - 1);
    const report = await verifyBundle({
      dir: outDir,
      pin: { kind: 'key', key: await digestSigner.publicKey() },
    });
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'altered', key: victim.key }));
  });

  it('exports the digests of a period given in hours, and only the accounts asked for', async () => {
    const outDir = join(root, 'bundle-hours');
    const result = await exportBundle({
      source: new DirectoryEvidenceSource(join(root, 'evidence')),
      period: parsePeriod('2026-10-01T00:00:00Z', '2026-10-03T06:00:00Z'),
      signer: UNSIGNED,
      accounts: ['111111111111'],
      outDir,
      generator: GENERATOR,
    });
    expect(result.manifest.counts).toMatchObject({ findings: 6, digests: 54 });
    expect(result.manifest.accounts).toEqual(['111111111111']);
    expect(result.manifest.chains).toEqual([
      {
        accountId: '111111111111',
        region: 'us-east-1',
        from: '2026-10-01T00:00:00.000Z',
        to: '2026-10-03T06:00:00.000Z',
      },
    ]);
    expect(result.summary.totals.openFailuresAtEnd).toBe(2);
  });

  it('exports attestations into attestations.jsonl and counts them as evaluations', async () => {
    const [first] = findings;
    if (first === undefined) throw new Error('scenario too short');
    // bucket-1 judged again, unchanged, at 10:30 on October 1: its NON_COMPLIANT head is attested.
    const attestation = makeAttestation([first.finding], '2026-10-01T10:30:00.000Z');
    const body = serializeBatch([recordLine(attestation)]);
    const key = batchKey('111111111111', 'us-east-1', new Date(attestation.attestedAt), 'sweep');
    const sealed = join(root, 'attested');
    await writeEvidenceDir(sealed, findings, { signer: digestSigner, batches: [{ key, body }] });
    const result = await exportBundle({
      source: new DirectoryEvidenceSource(sealed),
      period: OCTOBER_1_TO_3,
      signer: UNSIGNED,
      outDir: join(root, 'bundle-attested'),
    });
    expect(result.manifest.counts).toMatchObject({ findings: IN_PERIOD, attestations: 1, problems: 0 });
    expect(await readFile(join(root, 'bundle-attested', 'attestations.jsonl'), 'utf8')).toBe(body);
    const ssl = result.summary.criteria
      .find((criterion) => criterion.criterion === 'CC6.7')
      ?.rules.find((rule) => rule.ruleId === 's3-bucket-ssl-requests-only');
    expect(ssl).toMatchObject({ evaluations: 7, nonCompliant: 4, compliant: 3, failures: 3 });

    // The same object written after its hour was sealed is listed by no digest: the export leaves it out.
    const late = join(root, 'attested-late');
    await writeEvidenceDir(late, findings, { signer: digestSigner });
    await writeFile(join(late, ...key.split('/')), body);
    const unlisted = await exportBundle({
      source: new DirectoryEvidenceSource(late),
      period: OCTOBER_1_TO_3,
      signer: UNSIGNED,
      outDir: join(root, 'bundle-attested-late'),
    });
    expect(unlisted.manifest.counts).toMatchObject({ findings: IN_PERIOD, attestations: 0 });
  });

  it('asks for the public key of the key that signed the digests, and warns when it cannot get it', async () => {
    const asked: string[] = [];
    const withKey = await exportBundle({
      source: new DirectoryEvidenceSource(join(root, 'evidence')),
      period: OCTOBER_1_TO_3,
      signer: UNSIGNED,
      outDir: join(root, 'bundle-key'),
      resolvePublicKey: async (keyId) => {
        asked.push(keyId);
        return publicKeyPem(await digestSigner.publicKey());
      },
    });
    expect(asked).toEqual([await digestSigner.keyId()]);
    expect(withKey.manifest.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(withKey.warnings).toEqual([]);

    const without = await exportBundle({
      source: new DirectoryEvidenceSource(join(root, 'evidence')),
      period: OCTOBER_1_TO_3,
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
    await writeEvidenceDir(evidence, findings, { signer: digestSigner });
    const key = digestKey('111111111111', 'us-east-1', new Date('2026-10-02T08:00:00Z'));
    await writeFile(join(evidence, ...key.split('/')), 'not json');
    const outDir = join(root, 'bundle-bad-digest');
    const result = await exportBundle({
      source: new DirectoryEvidenceSource(evidence),
      period: OCTOBER_1_TO_3,
      signer: UNSIGNED,
      outDir,
    });
    expect(result.manifest.problems).toEqual([{ key, problem: expect.stringContaining('digest') }]);
    expect(await readFile(join(outDir, ...key.split('/')), 'utf8')).toBe('not json');
    // The object that digest lists is not bundled: the export follows digests only.
    expect(result.manifest.counts.findings).toBe(IN_PERIOD - 1);
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
    expect(informed.manifest).toMatchObject({ lookbackDays: 2, counts: { findings: 1, digests: 48 } });
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
      read: (key: string) => directory.read(key),
      readVersion: async (key: string, versionId: string) => {
        reads++;
        if (reads === 4) throw new ExportError(`cannot read ${key}`);
        return directory.readVersion(key, versionId);
      },
    };
    await expect(
      exportBundle({
        source: flaky,
        period: OCTOBER_1_TO_3,
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
        period: OCTOBER_1_TO_3,
        signer: UNSIGNED,
        outDir,
        generator: GENERATOR,
      }),
    ).rejects.toThrow(ExportError);
  });
});

function byKey(a: { key: string; versionId: string }, b: { key: string; versionId: string }): number {
  const left = `${a.key}\n${a.versionId}`;
  const right = `${b.key}\n${b.versionId}`;
  return left < right ? -1 : left > right ? 1 : 0;
}

describe('exportBundle signs manifest.json with the digest signing key', () => {
  let root = '';
  const signer = new LocalSigner();
  const fingerprint = publicKeyFingerprint(signer.public);
  const digestSigner = new LocalSigner('arn:aws:kms:us-east-1:111111111111:key/digests');

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigil-export-signed-'));
    await writeEvidenceDir(join(root, 'evidence'), buildFindings(SCENARIO), { signer: digestSigner });
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  const run = (out: string, options: Partial<Parameters<typeof exportBundle>[0]> = {}) =>
    exportBundle({
      source: new DirectoryEvidenceSource(join(root, 'evidence')),
      period: OCTOBER_1_TO_3,
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
        manifest.chains[0].to = '2026-10-03T00:00:00.000Z';
      },
      (manifest: typeof raw) => {
        manifest.files[0].sha256 = '0'.repeat(64);
      },
      (manifest: typeof raw) => {
        manifest.objects.pop();
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
    expect(asked).toEqual([digestSigner.id]);
    expect(result.manifest.signing?.publicKeyFingerprint).toBe(fingerprint);
    // The digests were signed by another key than the one handed back for their key id.
    expect(result.warnings).toEqual([
      expect.stringContaining(`sha256:${publicKeyFingerprint(digestSigner.public)}`),
    ]);
  });

  it('fails when no bundled digest names a key to sign with', async () => {
    await expect(
      run('no-digest-key', {
        period: parsePeriod('2026-10-10', '2026-10-10'),
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
