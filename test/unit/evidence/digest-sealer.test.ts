import { describe, expect, it } from 'vitest';
import { digestKey, parseDigest, sha256OfBytes, verifyDigestSignature } from '#shared/evidence/digest';
import {
  hourPrefixes,
  lastSealablePeriod,
  type SealerDeps,
  sealDigests,
} from '#shared/evidence/digest-sealer';
import { EvidenceError } from '#shared/evidence/errors';
import { batchKey } from '#shared/evidence/finding';
import { LocalSigner, MemoryDigestHeads, MemoryObjects } from './fakes';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const options = { accountId: ACCOUNT, region: REGION, retentionDays: 400 };
const signer = new LocalSigner();

function setup(
  now: string,
): SealerDeps & { heads: MemoryDigestHeads; objects: MemoryObjects; setNow(t: string): void } {
  let clock = new Date(now);
  return {
    heads: new MemoryDigestHeads(),
    objects: new MemoryObjects(() => clock),
    signer,
    clock: () => clock,
    setNow: (t: string) => {
      clock = new Date(t);
    },
  };
}

const key = (hour: string): string => digestKey(ACCOUNT, REGION, new Date(hour));
const batch = (time: string, id: string, account = ACCOUNT, region = REGION): string =>
  batchKey(account, region, new Date(time), id);
const record = (hour: string, name: string): string =>
  `remediations/${ACCOUNT}/${REGION}/2026/11/23/${hour}/aws-s3-bucket/${name}.json`;

describe('lastSealablePeriod', () => {
  it.each([
    ['2026-11-23T11:10:00Z', '2026-11-23T10:00:00.000Z'],
    ['2026-11-23T11:09:59Z', '2026-11-23T09:00:00.000Z'],
    ['2026-11-23T00:30:00Z', '2026-11-22T23:00:00.000Z'],
  ])('at %s with 10 minutes grace is the hour starting %s', (now, hour) => {
    expect(lastSealablePeriod(new Date(now), 10).toISOString()).toBe(hour);
  });
});

describe('hourPrefixes', () => {
  it("are the hour's batch and remediation record prefixes of one account and region", () => {
    expect(hourPrefixes(ACCOUNT, REGION, new Date('2026-11-23T10:59:59Z'))).toEqual([
      `findings/${ACCOUNT}/${REGION}/2026/11/23/10/`,
      `remediations/${ACCOUNT}/${REGION}/2026/11/23/10/`,
    ]);
  });
});

describe('sealDigests', () => {
  it("starts a chain with the newest complete hour, listing every version under the hour's prefixes with its SHA-256, signed and locked", async () => {
    const deps = setup('2026-11-23T11:15:00Z');
    const late = deps.objects.write(batch('2026-11-23T10:59:59.000Z', 'z'), 'z\n');
    const early = deps.objects.write(batch('2026-11-23T10:00:00.000Z', 'a'), 'a\n');
    const remediation = deps.objects.write(record('10', 'r'), '{"r":1}\n');
    deps.objects.write(batch('2026-11-23T09:59:59.999Z', 'old'), 'old\n');
    deps.objects.write(batch('2026-11-23T10:30:00.000Z', 'other', '444455556666'), 'other account\n');
    deps.objects.write(batch('2026-11-23T10:30:00.000Z', 'other', ACCOUNT, 'eu-west-1'), 'other region\n');
    const report = await sealDigests(deps, options);
    expect(report.sealed.map((period) => period.key)).toEqual([key('2026-11-23T10:00Z')]);
    const stored = deps.objects.objects.get(key('2026-11-23T10:00Z'));
    const digest = parseDigest(deps.objects.text(key('2026-11-23T10:00Z')));
    expect(digest.objects).toEqual([
      { key: early.key, versionId: early.versionId, sha256: sha256OfBytes('a\n') },
      { key: late.key, versionId: late.versionId, sha256: sha256OfBytes('z\n') },
      { key: remediation.key, versionId: remediation.versionId, sha256: sha256OfBytes('{"r":1}\n') },
    ]);
    expect(digest).toMatchObject({
      schemaVersion: 2,
      previousDigestKey: null,
      previousDigestSha256: null,
      objectCount: 3,
    });
    expect(verifyDigestSignature(digest, signer.public)).toBe(true);
    expect(stored?.lockMode).toBe('COMPLIANCE');
    expect(stored?.retainUntil?.toISOString()).toBe('2027-12-28T11:00:00.000Z');
    expect(report.sealed[0]?.objectCount).toBe(3);
    expect(report.head).toEqual({
      periodStart: '2026-11-23T10:00:00.000Z',
      key: key('2026-11-23T10:00Z'),
      sha256: sha256OfBytes(stored?.bytes ?? ''),
    });
  });

  it('lists both versions of a key overwritten before sealing, and a delete marker without a SHA-256', async () => {
    const deps = setup('2026-11-23T11:15:00Z');
    const target = batch('2026-11-23T10:05:00.000Z', 'a');
    await deps.objects.putLocked(target, 'NON_COMPLIANT\n', new Date('2027-12-28T10:05:00Z'));
    const replaced = deps.objects.write(target, 'COMPLIANT\n');
    const deleted = deps.objects.write(batch('2026-11-23T10:06:00.000Z', 'b'), 'b\n');
    deps.objects.deleteObject(deleted.key);
    await sealDigests(deps, options);
    const digest = parseDigest(deps.objects.text(key('2026-11-23T10:00Z')));
    const [original] = deps.objects.versions.get(target) ?? [];
    const marker = deps.objects.versions.get(deleted.key)?.at(-1);
    expect(digest.objects).toEqual([
      { key: target, versionId: original?.versionId, sha256: sha256OfBytes('NON_COMPLIANT\n') },
      { key: target, versionId: replaced.versionId, sha256: sha256OfBytes('COMPLIANT\n') },
      { key: deleted.key, versionId: deleted.versionId, sha256: sha256OfBytes('b\n') },
      { key: deleted.key, versionId: marker?.versionId, deleteMarker: true },
    ]);
    expect(digest.objectCount).toBe(4);
  });

  it('catches up every hour since the head, chaining each to the one before, empty hours sealed with no entries', async () => {
    const deps = setup('2026-11-23T11:15:00Z');
    await sealDigests(deps, options);
    deps.objects.write(batch('2026-11-23T12:30:00Z', 'x'), 'x\n');
    deps.setNow('2026-11-23T14:20:00Z');
    const report = await sealDigests(deps, options);
    expect(report.sealed.map((period) => [period.periodStart, period.objectCount])).toEqual([
      ['2026-11-23T11:00:00.000Z', 0],
      ['2026-11-23T12:00:00.000Z', 1],
      ['2026-11-23T13:00:00.000Z', 0],
    ]);
    expect(parseDigest(deps.objects.text(key('2026-11-23T13:00Z'))).objects).toEqual([]);
    for (const hour of ['11', '12', '13']) {
      const digest = parseDigest(deps.objects.text(key(`2026-11-23T${hour}:00Z`)));
      const previousKey = key(`2026-11-23T${String(Number(hour) - 1).padStart(2, '0')}:00Z`);
      expect(digest.previousDigestKey).toBe(previousKey);
      expect(digest.previousDigestSha256).toBe(sha256OfBytes(deps.objects.text(previousKey)));
    }
  });

  it('is idempotent: a re-run in the same hour writes and signs nothing', async () => {
    const deps = setup('2026-11-23T11:15:00Z');
    await sealDigests(deps, options);
    const before = { puts: deps.objects.puts, signatures: signer.signatures };
    const again = await sealDigests(deps, options);
    expect(again.sealed).toEqual([]);
    expect({ puts: deps.objects.puts, signatures: signer.signatures }).toEqual(before);
  });

  it('reuses a digest another run already stored for the hour, and chains to its bytes', async () => {
    const deps = setup('2026-11-23T12:15:00Z');
    const first = setup('2026-11-23T11:15:00Z');
    await sealDigests(first, options);
    const concurrent = first.objects.text(key('2026-11-23T10:00Z'));
    deps.objects.write(key('2026-11-23T10:00Z'), concurrent, { lockMode: 'COMPLIANCE' });
    await deps.heads.advanceHead(ACCOUNT, REGION, {
      periodStart: '2026-11-23T09:00:00.000Z',
      key: key('2026-11-23T09:00Z'),
      sha256: 'e'.repeat(64),
    });
    const report = await sealDigests(deps, options);
    expect(report.sealed.map((period) => period.status)).toEqual(['exists', 'created']);
    expect(deps.objects.text(key('2026-11-23T10:00Z'))).toBe(concurrent);
    expect(parseDigest(deps.objects.text(key('2026-11-23T11:00Z'))).previousDigestSha256).toBe(
      sha256OfBytes(concurrent),
    );
  });

  it('seals at most maxPeriods hours per run and reports the rest', async () => {
    const deps = setup('2026-11-23T01:15:00Z');
    await sealDigests(deps, options);
    deps.setNow('2026-11-23T11:15:00Z');
    const report = await sealDigests(deps, { ...options, maxPeriods: 4 });
    expect(report.sealed).toHaveLength(4);
    expect(report.remaining).toBe(6);
    expect(report.head?.periodStart).toBe('2026-11-23T04:00:00.000Z');
  });

  it('leaves an hour unsealed, and the head where it was, when a listed version cannot be read', async () => {
    const deps = setup('2026-11-23T11:15:00Z');
    const listed = deps.objects.write(batch('2026-11-23T10:05:00.000Z', 'a'), 'a\n');
    const get = deps.objects.get.bind(deps.objects);
    deps.objects.get = async (objectKey, versionId) =>
      versionId === listed.versionId ? undefined : get(objectKey, versionId);
    await expect(sealDigests(deps, options)).rejects.toBeInstanceOf(EvidenceError);
    expect(deps.objects.objects.has(key('2026-11-23T10:00Z'))).toBe(false);
    expect(await deps.heads.getHead(ACCOUNT, REGION)).toBeUndefined();
  });
});
