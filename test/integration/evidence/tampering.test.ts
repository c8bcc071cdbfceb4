import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { parseDigest, serializeDigest, sha256OfBytes } from '#shared/evidence/digest';
import { signDigest } from '#shared/evidence/digest-sealer';
import { KmsDigestSigner } from '#shared/evidence/digest-signer';
import { FindingSchema, recordLine, sealFinding } from '#shared/evidence/finding';
import { problemLine, type SealedStack, sealedStack } from './sealed-stack';

/**
 * Object Lock forbids these changes in the real bucket, so each case works on an unlocked, unversioned
 * byte-for-byte copy of the sealed evidence (each key one `null` version, which verify matches by key),
 * changes one thing, and expects `vigil verify` to name it (exit 1). What can be done to the locked bucket
 * itself (a second version, a delete marker) is in pre-seal-overwrite.test.ts.
 */
describe('vigil verify on tampered copies of sealed evidence (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let stack: SealedStack;

  beforeAll(async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
    stack = await sealedStack(endpoint, 'vigil-tamper');
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    stack?.close();
  });

  async function put(bucket: string, key: string, body: string): Promise<void> {
    await stack.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }

  it('passes the untouched copy when Object Lock is not checked', async () => {
    const { code, out } = await stack.verify(await stack.unlockedCopy(), '--skip-retention');
    expect(out).toMatch(/^PASS /);
    expect(code).toBe(0);
  });

  it('reports an altered batch as ALTERED with its key', async () => {
    const copy = await stack.unlockedCopy();
    // The second batch: its finding and attestation chain to the first batch's findings, nothing to it.
    const target = stack.batchKeys[1] ?? '';
    await put(copy, target, (await stack.text(copy, target)).replace('"severity":"', '"severity":"LOW-'));
    const { code, out } = await stack.verify(copy, '--skip-retention');
    expect(out).toMatch(problemLine('ALTERED', target));
    expect(out).toMatch(/FAIL .*1 problems \(1 altered\)/);
    expect(code).toBe(1);
  });

  it('reports a batch whose line was edited and rehashed, in a re-signed digest, as a broken chain', async () => {
    const copy = await stack.unlockedCopy();
    const [first] = stack.batchKeys;
    const lines = (await stack.text(copy, first ?? '')).split('\n');
    const edited = lines.map((line) => {
      if (!line.includes('"NON_COMPLIANT"')) return line;
      const finding = FindingSchema.parse(JSON.parse(line));
      return recordLine(sealFinding({ ...finding, compliance: 'COMPLIANT', annotation: 'forged' }));
    });
    const body = edited.join('\n');
    await put(copy, first ?? '', body);
    // Re-listed with its new SHA-256 under the real signing key (an insider with kms:Sign).
    const hour = (first ?? '').includes(stack.at(0).toISOString().slice(0, 13).replace(/[-T]/g, '/')) ? 0 : 1;
    const real = parseDigest(await stack.text(copy, stack.digestAt(hour)));
    const { signature: _real, ...unsigned } = {
      ...real,
      objects: real.objects.map((entry) =>
        entry.key === first ? { ...entry, sha256: sha256OfBytes(body) } : entry,
      ),
    };
    const signer = new KmsDigestSigner({ client: stack.kms, keyId: stack.keyId });
    await put(copy, stack.digestAt(hour), serializeDigest(await signDigest(unsigned, signer)));
    const { code, out } = await stack.verify(copy, '--skip-retention');
    // Group 0's finding #2, in the second batch, names the original #1 by its hash.
    expect(out).toMatch(/^BROKEN-CHAIN +findings\/\S+ +line \d: .*previousHash .* is not the hash of #1/m);
    expect(out).toMatch(problemLine('BROKEN-LINK', stack.digestAt(hour + 1)));
    expect(code).toBe(1);
  });

  it('reports a deleted batch as MISSING with its key', async () => {
    const copy = await stack.unlockedCopy();
    const target = stack.batchKeys[1] ?? '';
    await stack.s3.send(new DeleteObjectCommand({ Bucket: copy, Key: target }));
    const { code, out } = await stack.verify(copy, '--skip-retention');
    expect(out).toMatch(problemLine('MISSING', target));
    expect(code).toBe(1);
  });

  it('reports re-ordered (swapped) digests as broken links at their keys', async () => {
    const copy = await stack.unlockedCopy();
    const [zero, one] = [
      await stack.text(copy, stack.digestAt(0)),
      await stack.text(copy, stack.digestAt(1)),
    ];
    await put(copy, stack.digestAt(0), one);
    await put(copy, stack.digestAt(1), zero);
    const { code, out } = await stack.verify(copy, '--skip-retention');
    expect(out).toMatch(problemLine('BROKEN-LINK', stack.digestAt(0)));
    expect(out).toMatch(problemLine('BROKEN-LINK', stack.digestAt(1)));
    expect(code).toBe(1);
  });

  it('reports a digest forged with another KMS key of the account as a bad signature', async () => {
    const copy = await stack.unlockedCopy();
    const real = parseDigest(await stack.text(copy, stack.digestAt(0)));
    const forger = new KmsDigestSigner({ client: stack.kms, keyId: stack.forgerKeyId });
    const { signature: _real, ...unsigned } = {
      ...real,
      objects: real.objects.slice(1),
      objectCount: real.objects.length - 1,
      signing: { ...real.signing, keyId: await forger.keyId() },
    };
    await put(copy, stack.digestAt(0), serializeDigest(await signDigest(unsigned, forger)));
    const { code, out } = await stack.verify(copy, '--skip-retention');
    expect(out).toMatch(problemLine('BAD-SIGNATURE', stack.digestAt(0)));
    expect(out).toMatch(problemLine('BROKEN-LINK', stack.digestAt(1)));
    expect(code).toBe(1);
  });

  it('reports a batch slipped into a sealed hour as UNLISTED, and unlocked objects as RETENTION', async () => {
    const copy = await stack.unlockedCopy();
    const source = stack.batchKeys[1] ?? '';
    const smuggled = source.replace(/_[^/]+\.jsonl$/, '_smuggled.jsonl');
    await put(copy, smuggled, await stack.text(copy, source));
    const { code, out } = await stack.verify(copy);
    expect(out).toMatch(problemLine('UNLISTED', smuggled));
    expect(out).toMatch(problemLine('RETENTION', stack.digestAt(0)));
    expect(code).toBe(1);
  });
});
