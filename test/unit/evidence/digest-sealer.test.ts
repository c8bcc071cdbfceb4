import { describe, expect, it } from 'vitest';
import { digestKey, parseDigest, sha256OfBytes, verifyDigestSignature } from '#shared/evidence/digest';
import { lastSealablePeriod, type SealerDeps, sealDigests } from '#shared/evidence/digest-sealer';
import { LocalSigner, MemoryLedger, MemoryObjects } from './fakes';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const options = { accountId: ACCOUNT, region: REGION, retentionDays: 400 };
const signer = new LocalSigner();

function setup(
  now: string,
): SealerDeps & { ledger: MemoryLedger; objects: MemoryObjects; setNow(t: string): void } {
  let clock = new Date(now);
  const ledger = new MemoryLedger();
  const objects = new MemoryObjects(() => clock);
  return {
    ledger,
    heads: ledger,
    objects,
    signer,
    clock: () => clock,
    setNow: (t: string) => {
      clock = new Date(t);
    },
  };
}

const key = (hour: string): string => digestKey(ACCOUNT, REGION, new Date(hour));

describe('lastSealablePeriod', () => {
  it.each([
    ['2026-11-23T11:10:00Z', '2026-11-23T10:00:00.000Z'],
    ['2026-11-23T11:09:59Z', '2026-11-23T09:00:00.000Z'],
    ['2026-11-23T00:30:00Z', '2026-11-22T23:00:00.000Z'],
  ])('at %s with 10 minutes grace is the hour starting %s', (now, hour) => {
    expect(lastSealablePeriod(new Date(now), 10).toISOString()).toBe(hour);
  });
});

describe('sealDigests', () => {
  it('starts a chain with the newest complete hour, listing its ledger entries sorted, signed and locked', async () => {
    const deps = setup('2026-11-23T11:15:00Z');
    deps.ledger.entries.push(
      { key: 'findings/z.json', sha256: 'b'.repeat(64), writtenAt: '2026-11-23T10:59:59.000Z' },
      { key: 'findings/a.json', sha256: 'a'.repeat(64), writtenAt: '2026-11-23T10:00:00.000Z' },
      { key: 'findings/old.json', sha256: 'c'.repeat(64), writtenAt: '2026-11-23T09:59:59.999Z' },
    );
    const report = await sealDigests(deps, options);
    expect(report.sealed.map((period) => period.key)).toEqual([key('2026-11-23T10:00Z')]);
    const stored = deps.objects.objects.get(key('2026-11-23T10:00Z'));
    const digest = parseDigest(deps.objects.text(key('2026-11-23T10:00Z')));
    expect(digest.findings.map((entry) => entry.key)).toEqual(['findings/a.json', 'findings/z.json']);
    expect(digest).toMatchObject({ previousDigestKey: null, previousDigestSha256: null, findingCount: 2 });
    expect(verifyDigestSignature(digest, signer.public)).toBe(true);
    expect(stored?.lockMode).toBe('COMPLIANCE');
    expect(stored?.retainUntil?.toISOString()).toBe('2027-12-28T11:00:00.000Z');
    expect(report.head).toEqual({
      periodStart: '2026-11-23T10:00:00.000Z',
      key: key('2026-11-23T10:00Z'),
      sha256: sha256OfBytes(stored?.bytes ?? ''),
    });
  });

  it('catches up every hour since the head, chaining each to the one before, empty hours included', async () => {
    const deps = setup('2026-11-23T11:15:00Z');
    await sealDigests(deps, options);
    deps.ledger.entries.push({
      key: 'findings/x.json',
      sha256: 'd'.repeat(64),
      writtenAt: '2026-11-23T12:30:00Z',
    });
    deps.setNow('2026-11-23T14:20:00Z');
    const report = await sealDigests(deps, options);
    expect(report.sealed.map((period) => [period.periodStart, period.findingCount])).toEqual([
      ['2026-11-23T11:00:00.000Z', 0],
      ['2026-11-23T12:00:00.000Z', 1],
      ['2026-11-23T13:00:00.000Z', 0],
    ]);
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
    await deps.ledger.advanceHead(ACCOUNT, REGION, {
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
});
