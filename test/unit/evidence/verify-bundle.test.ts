import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { digestKey, parseDigest, publicKeyPem, serializeDigest } from '#shared/evidence/digest';
import { signDigest } from '#shared/evidence/digest-sealer';
import { verifyBundle } from '#shared/evidence/verify-bundle';
import { exportBundle } from '#shared/export/bundle';
import { DirectoryEvidenceSource } from '#shared/export/evidence-source';
import { LocalSigner, type MemoryObjects, makeFinding, sealedEstate } from './fakes';

const signer = new LocalSigner();
const forger = new LocalSigner('arn:aws:kms:us-east-1:999999999999:key/forger');
const digestAt = (hour: string): string =>
  digestKey('111122223333', 'us-east-1', new Date(`2026-11-23T${hour}:00:00Z`));
const dirs: string[] = [];

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
async function exportedBundle(): Promise<string> {
  const { objects } = await sealedEstate(signer);
  const source = await copyToDir(objects);
  const outDir = join(source, '..', `${source.split('/').at(-1) ?? 'x'}-bundle`);
  dirs.push(outDir);
  await exportBundle({
    source: new DirectoryEvidenceSource(source),
    period: { from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-24T00:00:00Z') },
    outDir,
    generator: { name: 'vigil', version: '0.1.0-test' },
    signer: { kind: 'key', signer },
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
    expect(report).toMatchObject({ digests: 3, findings: 6 });
  });

  it('reports an edited finding line as altered, under its key', async () => {
    const dir = await exportedBundle();
    const all = await lines(dir);
    // Severity is not part of the key, so the edited line still names the same finding.
    const edited = (all[1] ?? '').replace('"severity":"MEDIUM"', '"severity":"LOW"');
    const key = JSON.parse(all[1] ?? '{}') as { resource: { resourceId: string } };
    await writeFile(join(dir, 'findings.jsonl'), `${[all[0], edited, ...all.slice(2)].join('\n')}\n`);
    const report = await verifyBundle({ dir });
    expect(
      report.problems.map((problem) => [problem.kind, problem.key.split('/')[7] ?? problem.key]),
    ).toEqual([
      ['altered', 'findings.jsonl'],
      ['altered', key.resource.resourceId],
    ]);
  });

  it('reports a dropped finding line as missing and a smuggled one as unlisted', async () => {
    const dir = await exportedBundle();
    const all = await lines(dir);
    const dropped = JSON.parse(all[3] ?? '{}') as { resource: { resourceId: string } };
    const smuggled = makeFinding({ resourceId: 'smuggled' });
    await writeFile(
      join(dir, 'findings.jsonl'),
      `${[...all.slice(0, 3), ...all.slice(4), smuggled.body.trimEnd()].join('\n')}\n`,
    );
    const report = await verifyBundle({ dir });
    const byKind = (kind: string): string[] =>
      report.problems.filter((problem) => problem.kind === kind).map((problem) => problem.key);
    expect(byKind('unlisted')).toEqual([smuggled.key]);
    expect(byKind('missing')).toHaveLength(1);
    expect(byKind('missing')[0]).toContain(`/${dropped.resource.resourceId}/`);
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
    expect(altered.problems.map((problem) => problem.kind)).toEqual(['altered', 'altered']);
    expect(altered.problems[1]?.key).toMatch(/^remediations\//);

    await writeFile(join(dir, 'remediations.jsonl'), '');
    const dropped = await verifyBundle({ dir });
    expect(dropped.problems.filter((problem) => problem.kind === 'missing')).toEqual([
      expect.objectContaining({
        key: expect.stringMatching(/^remediations\//),
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
    const wrong = await verifyBundle({ dir, publicKeys: forger.resolver() });
    expect(wrong.problems.filter((problem) => problem.kind === 'bad-signature')).toHaveLength(3);
    expect((await verifyBundle({ dir, publicKeys: signer.resolver() })).problems).toEqual([]);
  });

  it('reports a bundle without a manifest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-empty-'));
    dirs.push(dir);
    const report = await verifyBundle({ dir });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'missing', key: 'manifest.json' })]);
  });
});
