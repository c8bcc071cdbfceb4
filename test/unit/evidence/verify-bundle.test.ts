import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  digestKey,
  parseDigest,
  publicKeyFingerprint,
  publicKeyPem,
  serializeDigest,
} from '#shared/evidence/digest';
import { signDigest } from '#shared/evidence/digest-sealer';
import { recordLine } from '#shared/evidence/finding';
import { verifyBundle } from '#shared/evidence/verify-bundle';
import { type VerificationReport, verdictOf } from '#shared/evidence/verify-evidence';
import { exportBundle } from '#shared/export/bundle';
import { DirectoryEvidenceSource } from '#shared/export/evidence-source';
import { forgeBundle, readManifest, rehash, writeManifest } from './bundle-tampering';
import { LocalSigner, type MemoryObjects, makeFinding, sealedEstate } from './fakes';

const signer = new LocalSigner();
const forger = new LocalSigner('arn:aws:kms:us-east-1:999999999999:key/forger');
const digestAt = (hour: string): string =>
  digestKey('111122223333', 'us-east-1', new Date(`2026-11-23T${hour}:00:00Z`));
const dirs: string[] = [];
const REAL = { kind: 'key', key: signer.public } as const;
const FINGERPRINT = publicKeyFingerprint(signer.public);

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function copyToDir(objects: MemoryObjects): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-evidence-'));
  dirs.push(dir);
  for (const [key, object] of objects.objects) {
    await mkdir(dirname(join(dir, key)), { recursive: true });
    await writeFile(join(dir, key), object.bytes);
  }
  return dir;
}

/** A bundle exported (by the export library) from a sealed estate; returns the bundle dir. */
async function exportedBundle(signed = true): Promise<string> {
  const { objects } = await sealedEstate(signer);
  const source = await copyToDir(objects);
  const outDir = join(source, '..', `${source.split('/').at(-1) ?? 'x'}-bundle`);
  dirs.push(outDir);
  await exportBundle({
    source: new DirectoryEvidenceSource(source),
    period: { from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-24T00:00:00Z') },
    outDir,
    generator: { name: 'vigil', version: '0.1.0-test' },
    signer: signed ? { kind: 'key', signer } : { kind: 'unsigned' },
    publicKeyPem: publicKeyPem(signer.public),
    now: () => new Date('2026-11-24T00:05:00Z'),
  });
  return outDir;
}

async function lines(dir: string): Promise<string[]> {
  return (await readFile(join(dir, 'findings.jsonl'), 'utf8')).split('\n').filter((line) => line !== '');
}

describe('verifyBundle', () => {
  it('passes an exported bundle untouched', async () => {
    const dir = await exportedBundle();
    const report = await verifyBundle({ dir });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ digests: 3, findings: 7, attestations: 2, remediationRecords: 1 });
  });

  it('reports an edited finding line as altered at its line, and the stored finding as missing', async () => {
    const dir = await exportedBundle();
    const all = await lines(dir);
    // The line keeps its hash field, so it still names the stored finding it was copied from.
    const edited = (all[1] ?? '').replace('"severity":"MEDIUM"', '"severity":"LOW"');
    const { hash } = JSON.parse(all[1] ?? '{}') as { hash: string };
    await writeFile(join(dir, 'findings.jsonl'), `${[all[0], edited, ...all.slice(2)].join('\n')}\n`);
    const report = await verifyBundle({ dir });
    expect(kinds(report).sort()).toEqual([
      'altered findings.jsonl',
      'altered findings.jsonl:2',
      `missing findings.jsonl#${hash.slice(0, 16)}`,
    ]);
  });

  it('reports a dropped finding line as missing and a smuggled one as unlisted', async () => {
    const dir = await exportedBundle();
    const all = await lines(dir);
    const dropped = JSON.parse(all[3] ?? '{}') as { hash: string };
    // A correctly hashed finding that no bundled object holds.
    const smuggled = recordLine(makeFinding({ resourceId: 'smuggled' }));
    await writeFile(
      join(dir, 'findings.jsonl'),
      `${[...all.slice(0, 3), ...all.slice(4), smuggled].join('\n')}\n`,
    );
    const report = await verifyBundle({ dir });
    const byKind = (kind: string): string[] =>
      report.problems.filter((problem) => problem.kind === kind).map((problem) => problem.key);
    expect(byKind('unlisted')).toEqual([`findings.jsonl:${all.length}`]);
    expect(byKind('missing')).toEqual([`findings.jsonl#${dropped.hash.slice(0, 16)}`]);
  });

  it('carries the remediation records the digests list, and reports one dropped or altered', async () => {
    const dir = await exportedBundle();
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
      counts: { remediationRecords: number };
    };
    expect(manifest.counts.remediationRecords).toBe(1);
    const [recordLine = ''] = (await readFile(join(dir, 'remediations.jsonl'), 'utf8')).split('\n');
    expect(JSON.parse(recordLine)).toMatchObject({
      ruleId: 's3-bucket-versioning-enabled',
      outcome: 'remediated',
    });
    expect((await verifyBundle({ dir })).remediationRecords).toBe(1);

    await writeFile(join(dir, 'remediations.jsonl'), `${recordLine.replace('remediated', 'failed')}\n`);
    const altered = await verifyBundle({ dir });
    expect(kinds(altered)).toEqual([
      expect.stringMatching(/^missing remediations\.jsonl#[0-9a-f]{16}$/),
      'altered remediations.jsonl',
      'unlisted remediations.jsonl:1',
    ]);

    await writeFile(join(dir, 'remediations.jsonl'), '');
    const dropped = await verifyBundle({ dir });
    expect(dropped.problems.filter((problem) => problem.kind === 'missing')).toEqual([
      expect.objectContaining({
        key: expect.stringMatching(/^remediations\.jsonl#/),
        detail: expect.stringContaining('remediations.jsonl'),
      }),
    ]);
  });

  it('reports a forged digest as a bad signature, even with the manifest hashes updated', async () => {
    const dir = await exportedBundle();
    const path = join(dir, digestAt('10'));
    const digest = parseDigest(await readFile(path, 'utf8'));
    const { signature: _old, ...unsigned } = digest;
    await writeFile(path, serializeDigest(await signDigest(unsigned, forger)));
    const report = await verifyBundle({ dir });
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'bad-signature', key: digestAt('10') }),
    );
  });

  it('reports swapped digests as broken links', async () => {
    const dir = await exportedBundle();
    const ten = await readFile(join(dir, digestAt('10')));
    await writeFile(join(dir, digestAt('10')), await readFile(join(dir, digestAt('11'))));
    await writeFile(join(dir, digestAt('11')), ten);
    const report = await verifyBundle({ dir });
    const broken = report.problems
      .filter((problem) => problem.kind === 'broken-link')
      .map((problem) => problem.key);
    expect(broken).toEqual(expect.arrayContaining([digestAt('10'), digestAt('11')]));
  });

  it('refuses the manifest key when a pinned key is given, and accepts the right pinned key', async () => {
    const dir = await exportedBundle();
    const wrong = await verifyBundle({ dir, pin: { kind: 'key', key: forger.public } });
    expect(wrong.problems.filter((problem) => problem.kind === 'bad-signature').map((p) => p.key)).toEqual([
      digestAt('09'),
      digestAt('10'),
      digestAt('11'),
      'manifest.json',
    ]);
    expect(await verifyBundle({ dir, pin: REAL })).toMatchObject({ problems: [], pinned: true });
  });

  it('reports a bundle without a manifest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-empty-'));
    dirs.push(dir);
    const report = await verifyBundle({ dir });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'missing', key: 'manifest.json' })]);
  });
});

/** Each problem as `kind key`. */
function kinds(report: VerificationReport): string[] {
  return report.problems.map((problem) => `${problem.kind} ${problem.key}`);
}

describe('verifyBundle: the signed manifest and the pinned key', () => {
  it('passes with the real key pinned, and finds nothing but stays unpinned without a pin', async () => {
    const dir = await exportedBundle();
    const pinned = await verifyBundle({ dir, pin: REAL });
    expect(pinned).toMatchObject({ problems: [], pinned: true, signingKeys: [FINGERPRINT] });
    expect(verdictOf(pinned)).toBe('PASS');
    const unpinned = await verifyBundle({ dir });
    expect(unpinned).toMatchObject({ problems: [], pinned: false, signingKeys: [FINGERPRINT] });
    expect(verdictOf(unpinned)).toBe('UNPINNED');
  });

  it('passes with the key pinned by its fingerprint, and fails on another fingerprint', async () => {
    const dir = await exportedBundle();
    const byFingerprint = await verifyBundle({ dir, pin: { kind: 'fingerprint', fingerprint: FINGERPRINT } });
    expect(verdictOf(byFingerprint)).toBe('PASS');
    const other = publicKeyFingerprint(forger.public);
    const wrong = await verifyBundle({ dir, pin: { kind: 'fingerprint', fingerprint: other } });
    expect(verdictOf(wrong)).toBe('FAIL');
    expect(wrong.problems).toContainEqual({
      kind: 'bad-signature',
      key: 'manifest.json',
      detail: `cannot check the manifest signature: the manifest's public key sha256:${FINGERPRINT} is not the pinned sha256:${other}`,
    });
    expect(kinds(wrong).filter((problem) => problem.startsWith('bad-signature digests/'))).toHaveLength(3);
  });

  it.each([
    [
      'summary.json',
      (text: string) => text.replace(/"openFailuresAtEnd": \d+/, '"openFailuresAtEnd": 12345'),
    ],
    ['report.html', (text: string) => text.replace('<h1>', '<h1>All controls effective. ')],
    ['findings.csv', (text: string) => text.replaceAll('COMPLIANT', 'COMPLIANT ')],
    ['summary.csv', (text: string) => text.replace('\r\n', ',\r\n')],
  ])(
    'reports an edited %s as altered, and once the manifest is rehashed to hide it, as a bad signature',
    async (file, edit) => {
      const dir = await exportedBundle();
      const path = join(dir, file);
      const before = await readFile(path, 'utf8');
      expect(edit(before)).not.toBe(before);
      await writeFile(path, edit(before));
      expect(kinds(await verifyBundle({ dir, pin: REAL }))).toEqual([`altered ${file}`]);

      await writeManifest(dir, await rehash(dir, await readManifest(dir)));
      const hidden = await verifyBundle({ dir, pin: REAL });
      expect(kinds(hidden)).toEqual(['bad-signature manifest.json']);
      expect(hidden.problems[0]?.detail).toMatch(
        /does not verify with the pinned key sha256:[0-9a-f]{64}: the manifest was changed/,
      );
      expect(verdictOf(await verifyBundle({ dir }))).toBe('FAIL');
    },
  );

  it('reports a period moved earlier, and names the digests that contradict it', async () => {
    const dir = await exportedBundle();
    const manifest = await readManifest(dir);
    await writeManifest(dir, { ...manifest, period: { ...manifest.period, to: '2026-11-23T09:00:00.000Z' } });
    const report = await verifyBundle({ dir, pin: REAL });
    expect(kinds(report)).toEqual(['altered manifest.json#period', 'bad-signature manifest.json']);
    expect(report.problems[0]?.detail).toMatch(
      /^period \[2026-11-23T00:00:00.000Z, 2026-11-23T09:00:00.000Z\) is contradicted by 3 bundled digests of hours after it \(e\.g\. digests\/111122223333\/us-east-1\/2026\/11\/23\/09\.json\)$/,
    );
  });

  it('reports a period cut short with the later hours deleted (digests, objects, lines) as a bad signature', async () => {
    const dir = await exportedBundle();
    const manifest = await readManifest(dir);
    const cut = '2026-11-23T10:00:00.000Z';
    const dropped = [digestAt('10'), digestAt('11')];
    const droppedObjects = new Set<string>();
    for (const key of dropped) {
      for (const entry of parseDigest(await readFile(join(dir, key), 'utf8')).objects) {
        droppedObjects.add(entry.key);
      }
      await rm(join(dir, key));
    }
    const droppedLines = new Set<string>();
    for (const key of droppedObjects) {
      for (const line of (await readFile(join(dir, key), 'utf8')).split('\n')) droppedLines.add(line);
      await rm(join(dir, key));
    }
    for (const file of ['findings.jsonl', 'attestations.jsonl', 'remediations.jsonl']) {
      const kept = (await readFile(join(dir, file), 'utf8'))
        .split('\n')
        .filter((line) => line !== '' && !droppedLines.has(line));
      await writeFile(join(dir, file), kept.map((line) => `${line}\n`).join(''));
    }
    const gone = (path: string) => dropped.includes(path) || droppedObjects.has(path);
    await writeManifest(
      dir,
      await rehash(dir, {
        ...manifest,
        period: { ...manifest.period, to: cut },
        chains: manifest.chains.map((chain) => ({ ...chain, to: cut })),
        files: manifest.files.filter((file) => !gone(file.path)),
        digests: manifest.digests.filter((digest) => !gone(digest.path)),
        objects: manifest.objects.filter((object) => !gone(object.path)),
      }),
    );
    // Nothing left in the bundle contradicts the new period: only the manifest signature shows the change.
    for (const report of [await verifyBundle({ dir, pin: REAL }), await verifyBundle({ dir })]) {
      expect(kinds(report)).toEqual(['bad-signature manifest.json']);
    }
  });

  it('reports changed accounts, and names the digests of the account left out', async () => {
    const dir = await exportedBundle();
    await writeManifest(dir, { ...(await readManifest(dir)), accounts: ['999999999999'] });
    const report = await verifyBundle({ dir, pin: REAL });
    expect(kinds(report)).toEqual(['altered manifest.json#accounts', 'bad-signature manifest.json']);
    expect(report.problems[0]?.detail).toMatch(
      /^accounts \[999999999999\] is contradicted by 3 bundled digests of account 111122223333 \(e\.g\. digests\/111122223333\//,
    );
  });

  it('fails a manifest whose signature was removed, pinned or not', async () => {
    const dir = await exportedBundle();
    const { signature: _removed, ...unsigned } = await readManifest(dir);
    await writeManifest(dir, unsigned);
    for (const report of [await verifyBundle({ dir, pin: REAL }), await verifyBundle({ dir })]) {
      expect(verdictOf(report)).toBe('FAIL');
      expect(report.problems).toEqual([
        expect.objectContaining({
          kind: 'bad-signature',
          key: 'manifest.json',
          detail: expect.stringContaining('manifest is not signed'),
        }),
      ]);
    }
  });

  it('fails an --unsigned export, pinned or not', async () => {
    const dir = await exportedBundle(false);
    expect(kinds(await verifyBundle({ dir, pin: REAL }))).toEqual(['bad-signature manifest.json']);
    expect(verdictOf(await verifyBundle({ dir }))).toBe('FAIL');
  });

  it('fails a bundle re-signed with an attacker key (digests and manifest) with the real key pinned', async () => {
    const dir = await exportedBundle();
    const manifest = await readManifest(dir);
    await writeManifest(dir, { ...manifest, period: { ...manifest.period, to: '2026-11-23T10:00:00.000Z' } });
    await forgeBundle(dir, forger);
    const pinned = await verifyBundle({ dir, pin: REAL });
    // The remediation record started at 10:19:58, after the new period.to.
    expect(kinds(pinned)).toEqual([
      'altered manifest.json#period',
      `bad-signature ${digestAt('09')}`,
      `bad-signature ${digestAt('10')}`,
      `bad-signature ${digestAt('11')}`,
      'bad-signature manifest.json',
    ]);
    expect(pinned.problems[4]?.detail).toContain(`not the pinned key sha256:${FINGERPRINT}`);

    // Without a pin the forgery is consistent: nothing found, but the verdict names the forger's key.
    const unpinned = await verifyBundle({ dir });
    expect(unpinned.problems).toEqual([]);
    expect(verdictOf(unpinned)).toBe('UNPINNED');
    expect(unpinned.signingKeys).toEqual([publicKeyFingerprint(forger.public)]);
  });

  it('reports a known bundle file the manifest does not list', async () => {
    const dir = await exportedBundle();
    const manifest = await readManifest(dir);
    await writeManifest(dir, {
      ...manifest,
      files: manifest.files.filter((file) => file.path !== 'report.html'),
    });
    expect(kinds(await verifyBundle({ dir, pin: REAL }))).toEqual([
      'unlisted report.html',
      'bad-signature manifest.json',
    ]);
  });
});
