import { constants, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type Digest,
  digestKey,
  digestSigningString,
  normalizeEntries,
  parseDigest,
  parseDigestKey,
  precedingDigestKey,
  publicKeyFingerprint,
  publicKeyPem,
  readPublicKey,
  serializeDigest,
  verifyDigestSignature,
} from '#shared/evidence/digest';
import { signDigest } from '#shared/evidence/digest-sealer';
import { EvidenceIntegrityError } from '#shared/evidence/errors';
import { LocalSigner } from './fakes';

const signer = new LocalSigner();
const other = new LocalSigner('arn:aws:kms:us-east-1:111122223333:key/other');
const sha = (char: string): string => char.repeat(64);

async function sampleDigest(overrides: Partial<Digest> = {}): Promise<Digest> {
  const key = digestKey('111122223333', 'us-east-1', new Date('2026-11-23T10:00:00Z'));
  return signDigest(
    {
      schemaVersion: 2,
      key,
      accountId: '111122223333',
      region: 'us-east-1',
      periodStart: '2026-11-23T10:00:00.000Z',
      periodEnd: '2026-11-23T11:00:00.000Z',
      sealedAt: '2026-11-23T11:10:00.000Z',
      previousDigestKey: 'digests/111122223333/us-east-1/2026/11/23/09.json',
      previousDigestSha256: sha('a'),
      objectCount: 3,
      objects: [
        { key: 'findings/a.jsonl', versionId: 'v1', sha256: sha('b') },
        { key: 'findings/b.jsonl', versionId: 'v2', sha256: sha('c') },
        { key: 'findings/b.jsonl', versionId: 'v3', deleteMarker: true },
      ],
      signing: {
        keyId: signer.id,
        algorithm: 'RSASSA_PSS_SHA_256',
        publicKeyFingerprint: publicKeyFingerprint(signer.public),
      },
      ...overrides,
    },
    signer,
  );
}

describe('digest keys', () => {
  it('puts an hour at a dated key under its account and region', () => {
    expect(digestKey('111122223333', 'eu-west-1', new Date('2026-11-23T10:59:59.999Z'))).toBe(
      'digests/111122223333/eu-west-1/2026/11/23/10.json',
    );
  });

  it('reads the chain and hour back from a key, and refuses other keys', () => {
    expect(parseDigestKey('digests/111122223333/eu-west-1/2026/11/23/10.json')).toEqual({
      chainPrefix: 'digests/111122223333/eu-west-1/',
      periodStart: new Date('2026-11-23T10:00:00Z'),
    });
    expect(parseDigestKey('findings/111122223333/eu-west-1/2026/11/23/10.json')).toBeUndefined();
    expect(parseDigestKey('digests/111122223333/eu-west-1/2026/11/23/10.json.bak')).toBeUndefined();
  });

  it.each([
    ['digests/1/r/2026/11/23/10.json', 'digests/1/r/2026/11/23/09.json'],
    ['digests/1/r/2026/11/23/00.json', 'digests/1/r/2026/11/22/23.json'],
    ['digests/1/r/2027/01/01/00.json', 'digests/1/r/2026/12/31/23.json'],
    ['digests/1/r/2028/03/01/00.json', 'digests/1/r/2028/02/29/23.json'],
  ])('the hour before %s is %s', (key, previous) => {
    expect(precedingDigestKey(key)).toBe(previous);
  });
});

describe('normalizeEntries', () => {
  it('sorts by key then version id and drops a version listed twice, keeping every version of a key', () => {
    const entries = normalizeEntries([
      { key: 'findings/b', versionId: 'v1', sha256: sha('1') },
      { key: 'findings/a', versionId: 'v3', deleteMarker: true },
      { key: 'findings/b', versionId: 'v1', sha256: sha('1') },
      { key: 'findings/a', versionId: 'v2', sha256: sha('0') },
    ]);
    expect(entries).toEqual([
      { key: 'findings/a', versionId: 'v2', sha256: sha('0') },
      { key: 'findings/a', versionId: 'v3', deleteMarker: true },
      { key: 'findings/b', versionId: 'v1', sha256: sha('1') },
    ]);
  });
});

describe('digest signatures', () => {
  it('verify offline with the public key, also after a round trip through the stored bytes', async () => {
    const digest = await sampleDigest();
    expect(verifyDigestSignature(digest, signer.public)).toBe(true);
    const stored = parseDigest(serializeDigest(digest));
    expect(verifyDigestSignature(stored, readPublicKey(publicKeyPem(signer.public)))).toBe(true);
  });

  it('cover the body through its canonical hash, whatever the member order', async () => {
    const digest = await sampleDigest();
    const reordered = Object.fromEntries(Object.entries(digest).reverse()) as Digest;
    expect(digestSigningString(reordered)).toBe(digestSigningString(digest));
    expect(digestSigningString(digest)).toMatch(
      /^VIGIL-DIGEST-1\ndigests\/111122223333\/.+\.json\n[0-9a-f]{64}$/,
    );
  });

  it('accept a signature with the maximum salt length (as moto signs)', async () => {
    const digest = await sampleDigest();
    const signature = sign('sha256', Buffer.from(digestSigningString(digest)), {
      key: signer.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN,
    });
    expect(verifyDigestSignature({ ...digest, signature: signature.toString('base64') }, signer.public)).toBe(
      true,
    );
  });

  it.each<[string, (digest: Digest) => Digest]>([
    ['a dropped version', (d) => ({ ...d, objects: d.objects.slice(1), objectCount: 2 })],
    ['a dropped delete marker', (d) => ({ ...d, objects: d.objects.slice(0, 2), objectCount: 2 })],
    [
      'an altered hash',
      (d) => ({
        ...d,
        objects: [{ key: 'findings/a.jsonl', versionId: 'v1', sha256: sha('f') }, ...d.objects.slice(1)],
      }),
    ],
    [
      'a swapped version id',
      (d) => ({
        ...d,
        objects: [{ key: 'findings/a.jsonl', versionId: 'v9', sha256: sha('b') }, ...d.objects.slice(1)],
      }),
    ],
    ['a re-pointed previous link', (d) => ({ ...d, previousDigestSha256: sha('e') })],
    ['a moved period', (d) => ({ ...d, periodStart: '2026-11-23T11:00:00.000Z' })],
    ['a signature of another digest', (d) => ({ ...d, signature: Buffer.alloc(256, 1).toString('base64') })],
    ['a signature that is not base64', (d) => ({ ...d, signature: '***' })],
  ])('fail after %s', async (_name, tamper) => {
    const digest = await sampleDigest();
    expect(verifyDigestSignature(tamper(digest), signer.public)).toBe(false);
  });

  it('fail with another key', async () => {
    expect(verifyDigestSignature(await sampleDigest(), other.public)).toBe(false);
  });
});

describe('parseDigest', () => {
  it('refuses text that is not a digest', () => {
    expect(() => parseDigest('{"schemaVersion":2}')).toThrow(EvidenceIntegrityError);
    expect(() => parseDigest('not json')).toThrow(EvidenceIntegrityError);
  });

  it.each<[string, unknown]>([
    ['a version-1 digest (entries without version ids)', { key: 'findings/a.json', sha256: sha('b') }],
    [
      'an entry that is both a version and a delete marker',
      { key: 'k', versionId: 'v', sha256: sha('b'), deleteMarker: true },
    ],
    ['a delete marker with deleteMarker false', { key: 'k', versionId: 'v', deleteMarker: false }],
    ['an entry with a field digests do not have', { key: 'k', versionId: 'v', sha256: sha('b'), size: 3 }],
  ])('refuses %s', async (_name, entry) => {
    const digest = await sampleDigest();
    const text = serializeDigest({ ...digest, objects: [entry] } as unknown as Digest);
    expect(() => parseDigest(text)).toThrow(EvidenceIntegrityError);
  });
});
