import { describe, expect, it } from 'vitest';
import {
  digestKey,
  parseDigest,
  publicKeyFingerprint,
  serializeDigest,
  sha256OfBytes,
} from '#shared/evidence/digest';
import { sealDigests, signDigest } from '#shared/evidence/digest-sealer';
import { batchKey, type EvidenceRecord, type Finding, sealFinding } from '#shared/evidence/finding';
import { type VerifyBucketOptions, verifyBucket } from '#shared/evidence/verify-bucket';
import { type PublicKeyResolver, verdictOf } from '#shared/evidence/verify-evidence';
import {
  batchBody,
  ESTATE_ACCOUNT,
  ESTATE_REGION,
  LocalSigner,
  MemoryObjects,
  makeAttestation,
  makeFinding,
  type SealedEstate,
  sealedEstate,
  unversionedCopy,
} from './fakes';

const signer = new LocalSigner();
const estate = (): Promise<SealedEstate> => sealedEstate(signer);
const forger = new LocalSigner('arn:aws:kms:us-east-1:999999999999:key/forger');
const key = (hour: string): string =>
  digestKey(ESTATE_ACCOUNT, ESTATE_REGION, new Date(`2026-11-23T${hour}:00:00Z`));
const LOCK = { lockMode: 'COMPLIANCE', retainUntil: new Date('2028-01-01T00:00:00Z') } as const;
/** When hour 12 is sealed by {@link sealHour12}, and a verifier after it. */
const AFTER_12 = { now: new Date('2026-11-23T13:30:00Z') };

function options(objects: MemoryObjects, overrides: Partial<VerifyBucketOptions> = {}): VerifyBucketOptions {
  return {
    reader: objects,
    publicKeys: signer.resolver(),
    now: new Date('2026-11-23T12:30:00Z'),
    retentionDays: 400,
    ...overrides,
  };
}

function kindsAndKeys(report: { problems: readonly { kind: string; key: string }[] }): [string, string][] {
  return report.problems.map((problem) => [problem.kind, problem.key]);
}

function found(findings: ReadonlyMap<string, Finding>, name: string): Finding {
  const finding = findings.get(name);
  if (finding === undefined) throw new Error(`no finding ${name}`);
  return finding;
}

/**
 * Writes one more batch at 12:10 (records, or raw bytes), lets `beforeSealing` change the bucket, and seals
 * hour 12 at 13:15. Returns the batch key.
 */
async function sealHour12(
  { objects, heads }: SealedEstate,
  content: readonly EvidenceRecord[] | string,
  beforeSealing: (batch: string) => void = () => undefined,
): Promise<string> {
  const writtenAt = new Date('2026-11-23T12:10:00.000Z');
  const batch = batchKey(ESTATE_ACCOUNT, ESTATE_REGION, writtenAt, 'hour-12');
  objects.write(batch, typeof content === 'string' ? content : batchBody(content), LOCK, writtenAt);
  beforeSealing(batch);
  const now = new Date('2026-11-23T13:15:00Z');
  await sealDigests(
    { heads, objects, signer, clock: () => now },
    { accountId: ESTATE_ACCOUNT, region: ESTATE_REGION, retentionDays: 400 },
  );
  return batch;
}

describe('verifyBucket: the sealed hours against the versions the bucket holds', () => {
  it('passes a sealed period untouched, counting findings, attestations and remediation records apart', async () => {
    const { objects } = await estate();
    const report = await verifyBucket(options(objects));
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      digests: 3,
      findings: 7,
      attestations: 2,
      remediationRecords: 1,
      from: '2026-11-23T09:00:00.000Z',
      to: '2026-11-23T12:00:00.000Z',
      signingKeys: [publicKeyFingerprint(signer.public)],
    });
  });

  it('passes a plain (unversioned) copy without Object Lock checks, matching versions by key', async () => {
    const { objects } = await estate();
    const report = await verifyBucket(options(unversionedCopy(objects), { skipRetention: true }));
    expect(report.problems).toEqual([]);
    expect(report.findings).toBe(7);
  });

  it('reports a batch overwritten after sealing as overwritten, and the new version as unlisted', async () => {
    const { objects, batches } = await estate();
    const target = batches[3] ?? '';
    const replaced = objects.write(target, objects.text(target).replace('NON_COMPLIANT', 'COMPLIANT'), LOCK);
    const report = await verifyBucket(options(objects));
    expect(kindsAndKeys(report)).toEqual([
      ['overwritten', target],
      ['unlisted', target],
    ]);
    expect(report.problems[1]?.detail).toContain(`version ${replaced.versionId}`);
  });

  it('reports a batch overwritten before sealing (both versions listed) as overwritten, with its forked chain', async () => {
    const sealed = await estate();
    // bucket-4's NON_COMPLIANT #2 replaced by a COMPLIANT one, rehashed, before hour 12 is sealed.
    const original = makeFinding({
      evaluatedAt: '2026-11-23T12:10:00.000Z',
      compliance: 'NON_COMPLIANT',
      previous: found(sealed.findings, 'bucket-4#1'),
    });
    const forged = sealFinding({
      ...original,
      compliance: 'COMPLIANT',
      annotation: 'Versioning is enabled.',
    });
    const target = await sealHour12(sealed, [original], (batch) => {
      sealed.objects.write(batch, batchBody([forged]), LOCK, new Date('2026-11-23T12:20:00Z'));
    });
    expect(parseDigest(sealed.objects.text(key('12'))).objects.map((entry) => entry.key)).toEqual([
      target,
      target,
    ]);
    const report = await verifyBucket(options(sealed.objects, AFTER_12));
    expect(kindsAndKeys(report)).toEqual([
      ['overwritten', target],
      ['broken-chain', target],
    ]);
    expect(report.problems[1]?.detail).toMatch(/^line 1: .*bucket-4.*two findings claim #2/);
  });

  it('reports a delete marker as deleted (and unlisted when it came after sealing); the locked version still verifies', async () => {
    const sealed = await estate();
    const before = await sealHour12(
      sealed,
      [makeFinding({ resourceId: 'bucket-9', evaluatedAt: '2026-11-23T12:10:00.000Z' })],
      (batch) => sealed.objects.deleteObject(batch),
    );
    const afterSealing = sealed.batches[1] ?? '';
    sealed.objects.deleteObject(afterSealing);
    const report = await verifyBucket(options(sealed.objects, AFTER_12));
    expect(kindsAndKeys(report)).toEqual(
      [
        ['deleted', afterSealing],
        ['deleted', before],
        ['unlisted', afterSealing],
      ].sort((a, b) => (a[0] === b[0] ? ((a[1] ?? '') < (b[1] ?? '') ? -1 : 1) : 0)),
    );
    expect(report.findings).toBe(8);
  });

  it('reports a version written in a sealed hour but in no digest as unlisted', async () => {
    const { objects } = await estate();
    const extra = batchKey(ESTATE_ACCOUNT, ESTATE_REGION, new Date('2026-11-23T10:30:00Z'), 'smuggled');
    objects.write(extra, batchBody([makeFinding({ resourceId: 'smuggled' })]), LOCK);
    const report = await verifyBucket(options(objects));
    expect(kindsAndKeys(report)).toEqual([['unlisted', extra]]);
  });

  it("looks for unlisted versions under the verified chains' account and region, and names a chain with evidence but no digest", async () => {
    const { objects } = await estate();
    const time = new Date('2026-11-23T10:30:00Z');
    const own = batchKey(ESTATE_ACCOUNT, ESTATE_REGION, time, 'smuggled');
    for (const smuggled of [own, batchKey('444455556666', 'eu-west-1', time, 'smuggled')]) {
      objects.write(smuggled, 'x\n', LOCK);
    }
    const report = await verifyBucket(options(objects));
    expect(kindsAndKeys(report)).toEqual([
      ['missing', 'digests/444455556666/eu-west-1/'],
      ['unlisted', own],
    ]);
    expect(report.problems[0]?.detail).toBe(
      'chain 444455556666/eu-west-1 has 1 evidence versions written in hours that should be sealed, the first in the hour of 2026-11-23T10:00:00.000Z, but no digest: never sealed, or its digests were removed',
    );
    // A chain whose evidence is all in hours the sealer has not reached yet is not a problem.
    objects.write(
      batchKey('777788889999', 'eu-west-1', new Date('2026-11-23T12:10:00Z'), 'new'),
      'x\n',
      LOCK,
    );
    expect(kindsAndKeys(await verifyBucket(options(objects)))).toHaveLength(2);
    // Outside the period asked for, the unsealed chain's evidence is not this verification's business.
    const later = await verifyBucket(options(objects, { from: new Date('2026-11-23T11:00:00Z') }));
    expect(kindsAndKeys(later)).toEqual([]);
  });

  it('reports a version whose bytes changed as altered, and does not parse it', async () => {
    const { objects, batches } = await estate();
    const target = batches[3] ?? '';
    objects.tamper(target, objects.text(target).replace('NON_COMPLIANT', 'COMPLIANT'));
    const report = await verifyBucket(options(objects));
    expect(kindsAndKeys(report)).toEqual([['altered', target]]);
    expect(report.findings).toBe(6);
  });

  it('reports a listed version that is gone as missing', async () => {
    const { objects, batches } = await estate();
    const target = batches[3] ?? '';
    objects.removeVersion(target);
    const report = await verifyBucket(options(objects));
    expect(kindsAndKeys(report)).toEqual([['missing', target]]);
  });

  it('checks remediation records too: an altered one, an unlisted one, and one whose hash does not match', async () => {
    const { objects, remediationRecord } = await estate();
    objects.tamper(remediationRecord, objects.text(remediationRecord).replace('remediated', 'failed'));
    const unlisted = remediationRecord.replace(/_[0-9a-f]{12}\.json$/, '_fedcba987654.json');
    objects.write(unlisted, '{}\n', LOCK, new Date('2026-11-23T10:40:00Z'));
    const report = await verifyBucket(options(objects));
    expect(kindsAndKeys(report)).toEqual([
      ['altered', remediationRecord],
      ['unlisted', unlisted],
    ]);

    const sealed = await estate();
    const forged = sealed.objects.text(sealed.remediationRecord).replace('remediated', 'failed');
    const copy = unversionedCopy(sealed.objects);
    copy.write(sealed.remediationRecord, forged, LOCK);
    // Re-list the forged bytes in a re-signed digest: the record's own hash still gives it away.
    const ten = parseDigest(copy.text(key('10')));
    const { signature: _s, ...unsigned } = {
      ...ten,
      objects: ten.objects.map((entry) =>
        entry.key === sealed.remediationRecord
          ? {
              ...entry,
              sha256: sha256OfBytes(forged),
            }
          : entry,
      ),
    };
    copy.write(key('10'), serializeDigest(await signDigest(unsigned, signer)));
    const resigned = await verifyBucket(options(copy, { skipRetention: true }));
    expect(resigned.problems).toContainEqual(
      expect.objectContaining({
        kind: 'malformed',
        key: sealed.remediationRecord,
        detail: 'remediation record hash mismatch',
      }),
    );
  });
});

describe('verifyBucket: the lines of each batch', () => {
  it('reports a finding whose previousHash is not the hash of the one before as a broken chain', async () => {
    const sealed = await estate();
    const wrong = makeFinding({
      evaluatedAt: '2026-11-23T12:10:00.000Z',
      previous: found(sealed.findings, 'bucket-4#1'),
    });
    const batch = await sealHour12(sealed, [sealFinding({ ...wrong, previousHash: 'f'.repeat(64) })]);
    const report = await verifyBucket(options(sealed.objects, AFTER_12));
    expect(kindsAndKeys(report)).toEqual([['broken-chain', batch]]);
    expect(report.problems[0]?.detail).toMatch(/^line 1: .*#2 previousHash f+ is not the hash of #1/);
  });

  it('reports a chain with a gap as a broken chain', async () => {
    const sealed = await estate();
    const second = makeFinding({
      evaluatedAt: '2026-11-23T12:10:00.000Z',
      previous: found(sealed.findings, 'bucket-4#1'),
    });
    const third = makeFinding({ evaluatedAt: '2026-11-23T12:11:00.000Z', previous: second });
    const batch = await sealHour12(sealed, [third]);
    const report = await verifyBucket(options(sealed.objects, AFTER_12));
    expect(kindsAndKeys(report)).toEqual([['broken-chain', batch]]);
    expect(report.problems[0]?.detail).toContain('findings #2–#2 are missing');
  });

  it('reports an attestation naming a head the chain does not have, or with another hash, as a broken chain', async () => {
    const sealed = await estate();
    const head = found(sealed.findings, 'bucket-4#1');
    const ahead = makeAttestation([{ ...head, sequence: 2 }], '2026-11-23T12:10:00.000Z');
    const otherHash = makeAttestation([{ ...head, hash: 'e'.repeat(64) }], '2026-11-23T12:10:01.000Z');
    const batch = await sealHour12(sealed, [ahead, otherHash]);
    const report = await verifyBucket(options(sealed.objects, AFTER_12));
    expect(kindsAndKeys(report)).toEqual([
      ['broken-chain', batch],
      ['broken-chain', batch],
    ]);
    expect(report.problems.map((problem) => problem.detail)).toEqual([
      expect.stringMatching(/^line 1: .*attests head #2, but the newest finding of the chain is #1/),
      expect.stringMatching(/^line 2: .*attests head #1 e+, but that finding hashes to/),
    ]);
    expect(report.attestations).toBe(4);
  });

  it('reports lines that do not parse, or fail their hash, as malformed with their line numbers', async () => {
    const sealed = await estate();
    const good = makeFinding({ resourceId: 'bucket-9', evaluatedAt: '2026-11-23T12:10:00.000Z' });
    const edited = batchBody([good]).replace('"MEDIUM"', '"LOW"');
    const batch = await sealHour12(sealed, `not json\n${edited}${batchBody([good])}`);
    const report = await verifyBucket(options(sealed.objects, AFTER_12));
    expect(report.problems.map((problem) => [problem.kind, problem.key, problem.detail])).toEqual([
      ['malformed', batch, 'line 1: line is not JSON'],
      ['malformed', batch, 'line 2: finding hash mismatch'],
    ]);
    expect(report.findings).toBe(8);
  });

  it('reports a batch without a final newline, and a record of another account, as malformed', async () => {
    const sealed = await estate();
    const foreign = makeFinding({ resourceId: 'bucket-9', evaluatedAt: '2026-11-23T12:10:00.000Z' });
    const other = sealFinding({ ...foreign, resource: { ...foreign.resource, accountId: '444455556666' } });
    const batch = await sealHour12(sealed, `${batchBody([other])}${batchBody([foreign]).trimEnd()}`);
    const report = await verifyBucket(options(sealed.objects, AFTER_12));
    expect(report.problems.map((problem) => problem.detail)).toEqual([
      'batch does not end with a newline',
      expect.stringContaining(
        'line 1: finding of 444455556666/us-east-1 in the evidence of 111122223333/us-east-1',
      ),
    ]);
    expect(kindsAndKeys(report).every(([kind, at]) => kind === 'malformed' && at === batch)).toBe(true);
  });
});

describe('verifyBucket: the digest chain', () => {
  it('reports swapped digests as broken links at both keys', async () => {
    const { objects } = await estate();
    const copy = unversionedCopy(objects);
    const ten = copy.text(key('10'));
    copy.write(key('10'), copy.text(key('11')));
    copy.write(key('11'), ten);
    const report = await verifyBucket(options(copy, { skipRetention: true }));
    const broken = report.problems
      .filter((problem) => problem.kind === 'broken-link')
      .map((problem) => problem.key);
    expect(broken).toContain(key('10'));
    expect(broken).toContain(key('11'));
  });

  it('reports a digest overwritten in the bucket (a second version) as overwritten', async () => {
    const { objects } = await estate();
    objects.write(key('10'), objects.text(key('10')), LOCK);
    const report = await verifyBucket(options(objects));
    expect(kindsAndKeys(report)).toEqual([['overwritten', key('10')]]);
  });

  it('reports a digest edited after signing, or signed by a key it does not name, as a bad signature', async () => {
    const { objects } = await estate();
    const copy = unversionedCopy(objects);
    const ten = parseDigest(copy.text(key('10')));
    const { signature: _s, ...unsigned } = {
      ...ten,
      objects: ten.objects.slice(1),
      objectCount: ten.objectCount - 1,
    };
    copy.write(key('10'), serializeDigest(await signDigest(unsigned, forger)));
    const eleven = parseDigest(copy.text(key('11')));
    copy.write(
      key('11'),
      serializeDigest({ ...eleven, objects: eleven.objects.slice(1), objectCount: eleven.objectCount - 1 }),
    );
    const report = await verifyBucket(options(copy, { skipRetention: true }));
    const bad = report.problems
      .filter((problem) => problem.kind === 'bad-signature')
      .map((problem) => problem.key);
    expect(bad).toEqual([key('10'), key('11')]);
  });

  it('reports a digest validly signed by another key the account holds, since a chain keeps its key', async () => {
    const { objects } = await estate();
    const copy = unversionedCopy(objects);
    const ten = parseDigest(copy.text(key('10')));
    const { signature: _s, ...unsigned } = {
      ...ten,
      objects: ten.objects.slice(1),
      objectCount: ten.objectCount - 1,
      signing: {
        ...ten.signing,
        keyId: forger.id,
        publicKeyFingerprint: publicKeyFingerprint(forger.public),
      },
    };
    copy.write(key('10'), serializeDigest(await signDigest(unsigned, forger)));
    const both: PublicKeyResolver = async (signing) =>
      (await signer.resolver()(signing)) ?? (await forger.resolver()(signing));
    const report = await verifyBucket(options(copy, { skipRetention: true, publicKeys: both }));
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        kind: 'bad-signature',
        key: key('10'),
        detail: expect.stringContaining("not the chain's key"),
      }),
    );
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'broken-link', key: key('11') }));
    // The version the forged digest dropped is still in the bucket: unlisted.
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'unlisted', key: ten.objects[0]?.key }),
    );
  });

  it('reports a digest that lists a key outside its hour as malformed', async () => {
    const { objects, batches } = await estate();
    const copy = unversionedCopy(objects);
    const ten = parseDigest(copy.text(key('10')));
    const elsewhere = { key: batches[0] ?? '', versionId: 'null', sha256: 'a'.repeat(64) };
    const { signature: _s, ...unsigned } = {
      ...ten,
      objects: [...ten.objects, elsewhere],
      objectCount: ten.objectCount + 1,
    };
    copy.write(key('10'), serializeDigest(await signDigest(unsigned, signer)));
    const report = await verifyBucket(options(copy, { skipRetention: true }));
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        kind: 'malformed',
        key: key('10'),
        detail: expect.stringContaining(`lists ${batches[0]}`),
      }),
    );
  });

  it('reports a digest removed from inside the chain as missing, and a delete marker on it as deleted', async () => {
    const { objects } = await estate();
    objects.deleteObject(key('10'));
    const report = await verifyBucket(options(objects));
    expect(kindsAndKeys(report)).toEqual(
      expect.arrayContaining([
        ['missing', key('10')],
        ['deleted', key('10')],
      ]),
    );
  });

  it('reports sealing that stopped (the newest digests gone) as a missing digest', async () => {
    const { objects } = await estate();
    const report = await verifyBucket(options(objects, { now: new Date('2026-11-23T16:00:00Z') }));
    expect(kindsAndKeys(report)).toEqual([['missing', key('12')]]);
  });

  it('reports objects not locked in COMPLIANCE mode or locked for too short', async () => {
    const { objects, batches } = await estate();
    const governed = batches[0] ?? '';
    const short = batches[1] ?? '';
    objects.relock(governed, { lockMode: 'GOVERNANCE', retainUntil: new Date('2030-01-01T00:00:00Z') });
    objects.relock(short, { lockMode: 'COMPLIANCE', retainUntil: new Date('2027-01-01T00:00:00Z') });
    objects.relock(key('11'), {});
    const report = await verifyBucket(options(objects));
    expect(kindsAndKeys(report)).toEqual(
      [
        ['retention', governed],
        ['retention', short],
        ['retention', key('11')],
      ].sort((a, b) => ((a[1] ?? '') < (b[1] ?? '') ? -1 : 1)),
    );
  });

  it('reports a bucket without digests as missing', async () => {
    const report = await verifyBucket(options(new MemoryObjects()));
    expect(kindsAndKeys(report)).toEqual([['missing', 'digests/']]);
  });

  it('limits the walk to the hours of the period, and still checks the link before it', async () => {
    const { objects, batches } = await estate();
    // An unlisted version in hour 10, outside the period, is not looked at.
    objects.write(
      batchKey(ESTATE_ACCOUNT, ESTATE_REGION, new Date('2026-11-23T10:30:00Z'), 'x'),
      'x\n',
      LOCK,
    );
    const report = await verifyBucket(
      options(objects, { from: new Date('2026-11-23T11:00:00Z'), to: new Date('2026-11-23T12:00:00Z') }),
    );
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ digests: 1, findings: 2, attestations: 1, remediationRecords: 0 });
    objects.tamper(key('10'), objects.text(key('10')).replace('"objectCount":', '"objectCount": '));
    const relinked = await verifyBucket(
      options(objects, { from: new Date('2026-11-23T11:00:00Z'), to: new Date('2026-11-23T12:00:00Z') }),
    );
    expect(kindsAndKeys(relinked)).toEqual([['broken-link', key('11')]]);
    expect(batches).toHaveLength(6);
  });

  it('is unpinned without a pin, even when every signature verifies with the key the digests name', async () => {
    const { objects } = await estate();
    const report = await verifyBucket(options(objects));
    expect(report).toMatchObject({
      problems: [],
      pinned: false,
      signingKeys: [publicKeyFingerprint(signer.public)],
    });
    expect(verdictOf(report)).toBe('UNPINNED');
  });

  it.each([
    ['the key', { kind: 'key', key: signer.public }],
    ['its fingerprint', { kind: 'fingerprint', fingerprint: publicKeyFingerprint(signer.public) }],
  ] as const)('passes with the signing key pinned by %s', async (_label, pin) => {
    const { objects } = await estate();
    const report = await verifyBucket(options(objects, { pin }));
    expect(report).toMatchObject({ problems: [], pinned: true });
    expect(verdictOf(report)).toBe('PASS');
  });

  it('reports every digest as a bad signature when the pinned key is not the one the digests name', async () => {
    const { objects } = await estate();
    const asked: string[] = [];
    // The digests name their key, and whatever resolves it would confirm it: the pin still wins.
    const publicKeys: PublicKeyResolver = async (signing) => {
      asked.push(signing.keyId);
      return signer.public;
    };
    for (const pin of [
      { kind: 'key', key: forger.public },
      { kind: 'fingerprint', fingerprint: publicKeyFingerprint(forger.public) },
    ] as const) {
      const report = await verifyBucket(options(objects, { publicKeys, pin }));
      expect(report.problems.map((problem) => problem.kind)).toEqual([
        'bad-signature',
        'bad-signature',
        'bad-signature',
      ]);
      expect(verdictOf(report)).toBe('FAIL');
    }
    expect(asked).toEqual([]);
  });
});
