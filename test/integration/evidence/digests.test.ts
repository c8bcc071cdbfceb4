import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { VerifyCommand } from '@aws-sdk/client-kms';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { runVerify } from '#cli/commands/verify';
import { sealHourlyDigests } from '#functions/seal-digests';
import {
  digestSigningString,
  PERIOD_MS,
  parseDigest,
  publicKeyFingerprint,
  publicKeyPem,
  serializeDigest,
  sha256OfBytes,
} from '#shared/evidence/digest';
import { signDigest } from '#shared/evidence/digest-sealer';
import { fetchKmsPublicKey } from '#shared/evidence/digest-signer';
import { DynamoDbLedger } from '#shared/evidence/dynamodb-ledger';
import { exportBundle } from '#shared/export/bundle';
import { S3EvidenceSource } from '#shared/export/evidence-source';
import { captureIo } from '#test/support/cli-io';
import { uniqueName } from '#test/support/moto';
import { LocalSigner } from '#test/unit/evidence/fakes';
import { ACCOUNT } from '../pipeline/harness';
import { problemLine, type SealedStack, sealedStack } from './sealed-stack';

/**
 * On moto: findings written by the real pipeline (ledger rows included), hours sealed by the seal-digests
 * handler with a KMS RSA key, `vigil verify` on the locked bucket, and an exported bundle verified offline.
 */
describe('hourly digests, vigil verify on the locked bucket and on an export (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let stack: SealedStack;

  beforeAll(async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
    stack = await sealedStack(endpoint, 'vigil-dig');
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    stack?.close();
  });

  it('records one ledger row per finding the pipeline wrote, with the SHA-256 of its stored bytes', async () => {
    expect(stack.findingKeys).toHaveLength(3);
    const ledger = new DynamoDbLedger({ client: stack.dynamodb, table: stack.pipeline.stack.table });
    const entries = [
      ...(await ledger.listPeriod(stack.hour)),
      ...(await ledger.listPeriod(stack.at(PERIOD_MS))),
    ];
    for (const entry of entries) {
      expect(entry.sha256).toBe(sha256OfBytes(await stack.text(stack.pipeline.stack.bucket, entry.key)));
    }
  });

  it('seals every hour into a locked digest chained to the one before, signed by KMS (Verify agrees)', async () => {
    const bucket = stack.pipeline.stack.bucket;
    const first = parseDigest(await stack.text(bucket, stack.digestAt(0)));
    const second = parseDigest(await stack.text(bucket, stack.digestAt(1)));
    expect(first.previousDigestKey).toBeNull();
    expect(first.findingCount + second.findingCount).toBe(3);
    expect(second.previousDigestKey).toBe(stack.digestAt(0));
    expect(second.previousDigestSha256).toBe(sha256OfBytes(await stack.text(bucket, stack.digestAt(0))));
    const verified = await stack.kms.send(
      new VerifyCommand({
        KeyId: stack.keyId,
        Message: Buffer.from(digestSigningString(first)),
        MessageType: 'RAW',
        Signature: Buffer.from(first.signature, 'base64'),
        SigningAlgorithm: 'RSASSA_PSS_SHA_256',
      }),
    );
    expect(verified.SignatureValid).toBe(true);
    const locked = await stack.s3.send(new GetObjectCommand({ Bucket: bucket, Key: stack.digestAt(0) }));
    expect(locked.ObjectLockMode).toBe('COMPLIANCE');
    await expect(
      stack.s3.send(
        new DeleteObjectCommand({ Bucket: bucket, Key: stack.digestAt(0), VersionId: locked.VersionId }),
      ),
    ).rejects.toBeInstanceOf(S3ServiceException);
  });

  it('re-running the sealer writes nothing new', async () => {
    const before = await stack.text(stack.pipeline.stack.bucket, stack.digestAt(2));
    const report = await sealHourlyDigests(
      { account: ACCOUNT },
      stack.sealer(stack.at(3 * PERIOD_MS + 20 * 60_000)),
    );
    expect(report.sealed).toEqual([]);
    expect(await stack.text(stack.pipeline.stack.bucket, stack.digestAt(2))).toBe(before);
  });

  it('passes the locked bucket: PASS, exit 0', async () => {
    const { code, out } = await stack.verify(
      stack.pipeline.stack.bucket,
      '--retention-days',
      String(stack.pipeline.stack.retentionDays),
    );
    expect(out).toMatch(/^PASS {2}3 digests .*, 3 findings: chain unbroken, signatures valid/);
    expect(out).toContain(`retention COMPLIANCE >= ${stack.pipeline.stack.retentionDays} days`);
    expect(code).toBe(0);
  });

  it('exports the sealed period from the bucket, and the bundle verifies offline', async () => {
    const outDir = join(await mkdtemp(join(tmpdir(), 'vigil-bundle-')), 'bundle');
    try {
      const { publicKey } = await fetchKmsPublicKey(stack.kms, stack.keyId);
      const result = await exportBundle({
        source: new S3EvidenceSource({ client: stack.s3, bucket: stack.pipeline.stack.bucket }),
        period: { from: stack.at(-PERIOD_MS), to: stack.at(2 * PERIOD_MS) },
        outDir,
        generator: { name: 'vigil', version: 'test' },
        publicKeyPem: publicKeyPem(publicKey),
      });
      expect(result.manifest.counts).toMatchObject({ findings: 3, problems: 0 });
      const io = captureIo({ now: stack.verifyNow });
      expect(await runVerify(['--bundle', outDir], io)).toBe(0);
      expect(io.out()).toMatch(/^PASS {2}\d digests .*, 3 findings/);
    } finally {
      await rm(dirname(outDir), { recursive: true, force: true });
    }
  });

  it('reports a digest signed by a key KMS does not know as a bad signature, and says why', async () => {
    const copy = await stack.unlockedCopy();
    const real = parseDigest(await stack.text(copy, stack.digestAt(1)));
    const outsider = new LocalSigner(`arn:aws:kms:us-east-1:123456789012:key/${randomUUID()}`);
    const { signature: _real, ...unsigned } = {
      ...real,
      signing: {
        ...real.signing,
        keyId: outsider.id,
        publicKeyFingerprint: publicKeyFingerprint(outsider.public),
      },
    };
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: copy,
        Key: stack.digestAt(1),
        Body: serializeDigest(await signDigest(unsigned, outsider)),
      }),
    );
    const { code, out } = await stack.verify(copy, '--skip-retention');
    expect(out).toMatch(problemLine('BAD-SIGNATURE', stack.digestAt(1)));
    expect(out).toContain(`vigil: cannot read the public key of ${outsider.id}`);
    expect(code).toBe(1);
  });

  it('refuses bad input with exit 2', async () => {
    expect((await stack.verify(stack.pipeline.stack.bucket, '--retention-days', 'many')).code).toBe(2);
    expect((await stack.verify(uniqueName('vigil-none'))).code).toBe(2);
  });
});
