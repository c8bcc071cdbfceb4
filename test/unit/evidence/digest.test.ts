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
      schemaVersion: 1,
      key,
      accountId: '111122223333',
      region: 'us-east-1',
      periodStart: '2026-11-23T10:00:00.000Z',
      periodEnd: '2026-11-23T11:00:00.000Z',
      sealedAt: '2026-11-23T11:10:00.000Z',
      previousDigestKey: 'digests/111122223333/us-east-1/2026/11/23/09.json',
      previousDigestSha256: sha('a'),
      findingCount: 2,
      findings: [
        { key: 'findings/a.json', sha256: sha('b') },
        { key: 'findings/b.json', sha256: sha('c') },
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
  it('sorts by key and drops exact repeats but keeps one key listed with two hashes', () => {
    const entries = normalizeEntries([
      { key: 'findings/b', sha256: sha('1') },
      { key: 'findings/a', sha256: sha('2') },
      { key: 'findings/b', sha256: sha('1') },
      { key: 'findings/a', sha256: sha('0') },
    ]);
    expect(entries).toEqual([
      { key: 'findings/a', sha256: sha('0') },
      { key: 'findings/a', sha256: sha('2') },
      { key: 'findings/b', sha256: sha('1') },
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
    ['a dropped finding', (d) => ({ ...d, findings: d.findings.slice(1), findingCount: 1 })],
    [
      'an altered hash',
      (d) => ({ ...d, findings: [{ key: 'findings/a.json', sha256: sha('f') }, ...d.findings.slice(1)] }),
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
    expect(() => parseDigest('{"schemaVersion":1}')).toThrow(EvidenceIntegrityError);
    expect(() => parseDigest('not json')).toThrow(EvidenceIntegrityError);
  });
});
