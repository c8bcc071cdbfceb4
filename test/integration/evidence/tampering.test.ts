import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { parseDigest, serializeDigest } from '#shared/evidence/digest';
import { signDigest } from '#shared/evidence/digest-sealer';
import { KmsDigestSigner } from '#shared/evidence/digest-signer';
import { problemLine, type SealedStack, sealedStack } from './sealed-stack';

/**
 * Object Lock forbids these changes in the real bucket, so each case works on an unlocked byte-for-byte copy
 * of the sealed evidence, changes one thing, and expects `vigil verify` to name it (exit 1).
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

  it('reports an altered finding as ALTERED with its key', async () => {
    const copy = await stack.unlockedCopy();
    const target = stack.findingKeys[1] ?? '';
    await put(copy, target, (await stack.text(copy, target)).replace('"severity":"', '"severity":"LOW-'));
    const { code, out } = await stack.verify(copy, '--skip-retention');
    expect(out).toMatch(problemLine('ALTERED', target));
    expect(out).toMatch(/FAIL .*1 problems \(1 altered\)/);
    expect(code).toBe(1);
  });

  it('reports a deleted finding as MISSING with its key', async () => {
    const copy = await stack.unlockedCopy();
    const target = stack.findingKeys[0] ?? '';
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
      findings: real.findings.slice(1),
      findingCount: real.findings.length - 1,
      signing: { ...real.signing, keyId: await forger.keyId() },
    };
    await put(copy, stack.digestAt(0), serializeDigest(await signDigest(unsigned, forger)));
    const { code, out } = await stack.verify(copy, '--skip-retention');
    expect(out).toMatch(problemLine('BAD-SIGNATURE', stack.digestAt(0)));
    expect(out).toMatch(problemLine('BROKEN-LINK', stack.digestAt(1)));
    expect(code).toBe(1);
  });

  it('reports a finding slipped into a sealed hour as UNLISTED, and unlocked objects as RETENTION', async () => {
    const copy = await stack.unlockedCopy();
    const source = stack.findingKeys[2] ?? '';
    const smuggled = source.replace(/_[0-9a-f]{12}\.json$/, '_000000000000.json');
    await put(copy, smuggled, await stack.text(copy, source));
    const { code, out } = await stack.verify(copy);
    expect(out).toMatch(problemLine('UNLISTED', smuggled));
    expect(out).toMatch(problemLine('RETENTION', stack.digestAt(0)));
    expect(code).toBe(1);
  });
});
