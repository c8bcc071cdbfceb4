import { describe, expect, it } from 'vitest';
import { digestKey, parseDigest, publicKeyFingerprint, serializeDigest } from '#shared/evidence/digest';
import { signDigest } from '#shared/evidence/digest-sealer';
import {
  type PublicKeyResolver,
  type VerifyBucketOptions,
  verifyBucket,
} from '#shared/evidence/verify-evidence';
import { LocalSigner, MemoryObjects, makeFinding, sealedEstate } from './fakes';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const signer = new LocalSigner();
const estate = (): ReturnType<typeof sealedEstate> => sealedEstate(signer);
const forger = new LocalSigner('arn:aws:kms:us-east-1:999999999999:key/forger');
const key = (hour: string): string => digestKey(ACCOUNT, REGION, new Date(`2026-11-23T${hour}:00:00Z`));

function options(objects: MemoryObjects, overrides: Partial<VerifyBucketOptions> = {}): VerifyBucketOptions {
  return {
    reader: objects,
    publicKeys: signer.resolver(),
    now: new Date('2026-11-23T12:30:00Z'),
    retentionDays: 400,
    ...overrides,
  };
}

describe('verifyBucket', () => {
  it('passes a sealed period untouched', async () => {
    const { objects } = await estate();
    const report = await verifyBucket(options(objects));
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      digests: 3,
      findings: 6,
      remediationRecords: 1,
      from: '2026-11-23T09:00:00.000Z',
      to: '2026-11-23T12:00:00.000Z',
    });
  });

  it('reports an altered finding by its key', async () => {
    const { objects, findings } = await estate();
    const target = findings[2] ?? '';
    objects.write(target, objects.text(target).replace('"COMPLIANT"', '"NON_COMPLIANT"'), {
      lockMode: 'COMPLIANCE',
    });
    const report = await verifyBucket(options(objects, { skipRetention: true }));
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'altered', key: target })]);
  });

  it('reports a deleted finding as missing', async () => {
    const { objects, findings } = await estate();
    const target = findings[4] ?? '';
    objects.objects.delete(target);
    const report = await verifyBucket(options(objects));
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'missing', key: target })]);
  });

  it('reports a finding written in a sealed hour but in no digest as unlisted', async () => {
    const { objects } = await estate();
    const { key: extra, body } = makeFinding({
      resourceId: 'smuggled',
      evaluatedAt: '2026-11-23T10:30:00.000Z',
    });
    objects.write(
      extra,
      body,
      { lockMode: 'COMPLIANCE', retainUntil: new Date('2028-01-01T00:00:00Z') },
      new Date('2026-11-23T10:30:00Z'),
    );
    const report = await verifyBucket(options(objects));
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'unlisted', key: extra })]);
  });

  it("looks for unlisted findings only in the verified chains' account and region", async () => {
    const { objects } = await estate();
    const { key: own, body } = makeFinding({
      resourceId: 'smuggled',
      evaluatedAt: '2026-11-23T10:30:00.000Z',
    });
    const otherChain = own.replace('/111122223333/us-east-1/', '/444455556666/eu-west-1/');
    for (const key of [own, otherChain]) {
      objects.write(
        key,
        body,
        { lockMode: 'COMPLIANCE', retainUntil: new Date('2028-01-01T00:00:00Z') },
        new Date('2026-11-23T10:30:00Z'),
      );
    }
    const report = await verifyBucket(options(objects));
    expect(report.problems.map((problem) => [problem.kind, problem.key])).toEqual([['unlisted', own]]);
  });

  it('checks remediation records like findings: an altered one, and one in no digest', async () => {
    const { objects, remediationRecord } = await estate();
    objects.write(remediationRecord, objects.text(remediationRecord).replace('remediated', 'failed'), {
      lockMode: 'COMPLIANCE',
    });
    const unlisted = remediationRecord.replace(/_[0-9a-f]{12}\.json$/, '_fedcba987654.json');
    objects.write(
      unlisted,
      '{}\n',
      { lockMode: 'COMPLIANCE', retainUntil: new Date('2028-01-01T00:00:00Z') },
      new Date('2026-11-23T10:40:00Z'),
    );
    const report = await verifyBucket(options(objects, { skipRetention: true }));
    expect(report.problems.map((problem) => [problem.kind, problem.key])).toEqual([
      ['altered', remediationRecord],
      ['unlisted', unlisted],
    ]);
  });

  it('reports swapped digests as broken links at both keys', async () => {
    const { objects } = await estate();
    const ten = objects.text(key('10'));
    objects.write(key('10'), objects.text(key('11')));
    objects.write(key('11'), ten);
    const report = await verifyBucket(options(objects, { skipRetention: true }));
    const broken = report.problems
      .filter((problem) => problem.kind === 'broken-link')
      .map((problem) => problem.key);
    expect(broken).toContain(key('10'));
    expect(broken).toContain(key('11'));
    expect(report.problems.every((problem) => problem.kind === 'broken-link')).toBe(true);
  });

  it('reports a digest edited after signing, or signed by a key it does not name, as a bad signature', async () => {
    const { objects } = await estate();
    const ten = parseDigest(objects.text(key('10')));
    const { signature: _s, ...unsigned } = { ...ten, findings: ten.findings.slice(1), findingCount: 1 };
    objects.write(key('10'), serializeDigest(await signDigest(unsigned, forger)));
    const eleven = parseDigest(objects.text(key('11')));
    objects.write(
      key('11'),
      serializeDigest({ ...eleven, findings: eleven.findings.slice(1), findingCount: 1 }),
    );
    const report = await verifyBucket(options(objects, { skipRetention: true }));
    const bad = report.problems
      .filter((problem) => problem.kind === 'bad-signature')
      .map((problem) => problem.key);
    expect(bad).toEqual([key('10'), key('11')]);
  });

  it('reports a digest validly signed by another key the account holds, since a chain keeps its key', async () => {
    const { objects } = await estate();
    const ten = parseDigest(objects.text(key('10')));
    const { signature: _s, ...unsigned } = {
      ...ten,
      findings: ten.findings.slice(1),
      findingCount: 1,
      signing: {
        ...ten.signing,
        keyId: forger.id,
        publicKeyFingerprint: publicKeyFingerprint(forger.public),
      },
    };
    objects.write(key('10'), serializeDigest(await signDigest(unsigned, forger)));
    const both: PublicKeyResolver = async (signing) =>
      (await signer.resolver()(signing)) ?? (await forger.resolver()(signing));
    const report = await verifyBucket(options(objects, { skipRetention: true, publicKeys: both }));
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        kind: 'bad-signature',
        key: key('10'),
        detail: expect.stringContaining("not the chain's key"),
      }),
    );
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'broken-link', key: key('11') }));
  });

  it('reports a deleted digest inside the chain as missing', async () => {
    const { objects } = await estate();
    objects.objects.delete(key('10'));
    const report = await verifyBucket(options(objects));
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'missing', key: key('10') }));
  });

  it('reports sealing that stopped (the newest digests gone) as a missing digest', async () => {
    const { objects } = await estate();
    const report = await verifyBucket(options(objects, { now: new Date('2026-11-23T16:00:00Z') }));
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'missing', key: key('12') })]);
  });

  it('reports objects not locked in COMPLIANCE mode or locked for too short', async () => {
    const { objects, findings } = await estate();
    const governed = findings[0] ?? '';
    const short = findings[1] ?? '';
    objects.write(governed, objects.text(governed), {
      lockMode: 'GOVERNANCE',
      retainUntil: new Date('2030-01-01T00:00:00Z'),
    });
    objects.write(short, objects.text(short), {
      lockMode: 'COMPLIANCE',
      retainUntil: new Date('2027-01-01T00:00:00Z'),
    });
    const report = await verifyBucket(options(objects));
    expect(report.problems.map((problem) => [problem.kind, problem.key])).toEqual(
      [
        ['retention', governed],
        ['retention', short],
      ].sort((a, b) => ((a[1] ?? '') < (b[1] ?? '') ? -1 : 1)),
    );
  });

  it('reports a bucket without digests as missing', async () => {
    const report = await verifyBucket(options(new MemoryObjects()));
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'missing', key: 'digests/' })]);
  });

  it('limits the walk to the period, with one hour of margin, and still checks the link before it', async () => {
    const { objects } = await estate();
    const report = await verifyBucket(
      options(objects, { from: new Date('2026-11-23T11:00:00Z'), to: new Date('2026-11-23T12:00:00Z') }),
    );
    expect(report.problems).toEqual([]);
    expect(report.digests).toBe(2);
  });
});
