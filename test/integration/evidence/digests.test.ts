import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { VerifyCommand } from '@aws-sdk/client-kms';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { runVerify } from '#cli/commands/verify';
import { sealHourlyDigests } from '#functions/seal-digests';
import {
  type Digest,
  digestSigningString,
  PERIOD_MS,
  parseDigest,
  publicKeyFingerprint,
  publicKeyPem,
  serializeDigest,
  sha256OfBytes,
} from '#shared/evidence/digest';
import { hourPrefixes, signDigest } from '#shared/evidence/digest-sealer';
import { fetchKmsPublicKey, KmsDigestSigner } from '#shared/evidence/digest-signer';
import { DynamoDbDigestHeads } from '#shared/evidence/dynamodb-digest-heads';
import { exportBundle } from '#shared/export/bundle';
import { S3EvidenceSource } from '#shared/export/evidence-source';
import { captureIo } from '#test/support/cli-io';
import { uniqueName } from '#test/support/moto';
import { LocalSigner } from '#test/unit/evidence/fakes';
import { ACCOUNT, REGION } from '../pipeline/harness';
import { problemLine, type SealedStack, sealedStack } from './sealed-stack';

/**
 * On moto: evidence batches written by the real pipeline, hours sealed by the seal-digests handler with a KMS
 * RSA key from what ListObjectVersions shows, and `vigil verify` on the locked bucket.
 */
describe('hourly digests and vigil verify on the locked bucket (moto)', () => {
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

  async function digestAt(offsetHours: number): Promise<Digest> {
    return parseDigest(await stack.text(stack.pipeline.stack.bucket, stack.digestAt(offsetHours)));
  }

  it("lists every version under each sealed hour's prefixes, with the SHA-256 of the bytes S3 returns for it", async () => {
    const bucket = stack.pipeline.stack.bucket;
    const listed = [...(await digestAt(0)).objects, ...(await digestAt(1)).objects];
    expect(listed.map((entry) => entry.key).sort()).toEqual(stack.batchKeys);
    for (const entry of listed) {
      if (!('sha256' in entry)) throw new Error(`unexpected delete marker ${entry.key}`);
      const object = await stack.s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: entry.key, VersionId: entry.versionId }),
      );
      expect(entry.sha256).toBe(
        sha256OfBytes((await object.Body?.transformToByteArray()) ?? new Uint8Array()),
      );
    }
    const [findingsPrefix] = hourPrefixes(ACCOUNT, REGION, stack.hour);
    const versions = await stack.s3.send(
      new ListObjectVersionsCommand({ Bucket: bucket, Prefix: findingsPrefix }),
    );
    expect((await digestAt(0)).objects.map((entry) => entry.versionId).sort()).toEqual(
      (versions.Versions ?? []).map((version) => version.VersionId).sort(),
    );
  });

  it('seals every hour into a locked digest chained to the one before, signed by KMS (Verify agrees)', async () => {
    const bucket = stack.pipeline.stack.bucket;
    const first = await digestAt(0);
    const second = await digestAt(1);
    expect(first.previousDigestKey).toBeNull();
    expect(first.schemaVersion).toBe(2);
    expect(first.objectCount + second.objectCount + (await digestAt(2)).objectCount).toBe(2);
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

  it('keeps the chain head in the state table and never moves it back', async () => {
    const heads = new DynamoDbDigestHeads({ client: stack.dynamodb, table: stack.pipeline.stack.table });
    const head = await heads.getHead(ACCOUNT, REGION);
    expect(head).toEqual({
      periodStart: stack.at(2 * PERIOD_MS).toISOString(),
      key: stack.digestAt(2),
      sha256: sha256OfBytes(await stack.text(stack.pipeline.stack.bucket, stack.digestAt(2))),
    });
    await heads.advanceHead(ACCOUNT, REGION, {
      periodStart: stack.hour.toISOString(),
      key: stack.digestAt(0),
      sha256: 'a'.repeat(64),
    });
    expect(await heads.getHead(ACCOUNT, REGION)).toEqual(head);
    expect(await heads.getHead(ACCOUNT, 'eu-west-3')).toBeUndefined();
  });

  it('re-running the sealer writes nothing new', async () => {
    const before = await stack.text(stack.pipeline.stack.bucket, stack.digestAt(2));
    const report = await sealHourlyDigests(
      { account: ACCOUNT },
      stack.sealer(stack.at(3 * PERIOD_MS + 20 * 60_000)),
    );
    expect(report.chains.map((chain) => [chain.accountId, chain.region, chain.sealed])).toEqual([
      [ACCOUNT, REGION, []],
    ]);
    expect(await stack.text(stack.pipeline.stack.bucket, stack.digestAt(2))).toBe(before);
  });

  it('passes the locked bucket: PASS, exit 0, findings and attestations counted apart', async () => {
    const { code, out } = await stack.verify(
      stack.pipeline.stack.bucket,
      '--retention-days',
      String(stack.pipeline.stack.retentionDays),
    );
    expect(out).toMatch(
      /^PASS {2}3 digests .*, 4 findings, 1 attestations: chain unbroken, signatures valid/,
    );
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
        signer: { kind: 'key', signer: new KmsDigestSigner({ client: stack.kms, keyId: stack.keyId }) },
        publicKeyPem: publicKeyPem(publicKey),
      });
      // The chain starts at the evidence's hour: the hour before it has no digest, and is not required.
      expect(result.manifest.counts).toMatchObject({
        findings: 4,
        attestations: 1,
        objects: 2,
        digests: 2,
        problems: 0,
      });
      expect(result.manifest.chains).toEqual([
        {
          accountId: ACCOUNT,
          region: REGION,
          from: stack.hour.toISOString(),
          to: stack.at(2 * PERIOD_MS).toISOString(),
        },
      ]);
      const io = captureIo({ now: stack.verifyNow });
      const pin = ['--kms-key', stack.keyId, '--endpoint-url', stack.endpoint, '--region', REGION];
      expect(await runVerify(['--bundle', outDir, ...pin], io)).toBe(0);
      expect(io.out()).toMatch(/^PASS {2}2 digests .*, 4 findings, 1 attestations: chain unbroken/);
      expect(await runVerify(['--bundle', outDir], captureIo())).toBe(4);
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
    // Unpinned, the key each digest names is asked from KMS, which does not know the outsider's.
    const { code, out } = await stack.verifyUnpinned(copy, '--skip-retention');
    expect(out).toMatch(problemLine('BAD-SIGNATURE', stack.digestAt(1)));
    expect(out).toContain(`vigil: cannot read the public key of ${outsider.id}`);
    expect(code).toBe(1);
    const pinned = await stack.verify(copy, '--skip-retention');
    expect(pinned.out).toMatch(problemLine('BAD-SIGNATURE', stack.digestAt(1)));
    expect(pinned.code).toBe(1);
  });

  it('without a pinned key checks everything with the key the digests name, then says UNPINNED, exit 4', async () => {
    const { publicKey } = await fetchKmsPublicKey(stack.kms, stack.keyId);
    const fingerprint = publicKeyFingerprint(publicKey);
    const unpinned = await stack.verifyUnpinned(stack.pipeline.stack.bucket);
    expect(unpinned.out).toMatch(
      /^UNPINNED {2}3 digests .*, 4 findings, 1 attestations: chain unbroken, signatures valid/,
    );
    expect(unpinned.out).toContain(`confirm fingerprint sha256:${fingerprint}`);
    expect(unpinned.code).toBe(4);
    const byFingerprint = await stack.verifyUnpinned(
      stack.pipeline.stack.bucket,
      '--key-fingerprint',
      `sha256:${fingerprint}`,
    );
    expect(byFingerprint.out).toMatch(/^PASS {2}/);
    expect(byFingerprint.code).toBe(0);
    const other = await stack.verifyUnpinned(stack.pipeline.stack.bucket, '--kms-key', stack.forgerKeyId);
    expect(other.out).toMatch(/FAIL .*\(3 bad-signature\)/);
    expect(other.code).toBe(1);
  });

  it('refuses bad input with exit 2', async () => {
    expect((await stack.verify(stack.pipeline.stack.bucket, '--retention-days', 'many')).code).toBe(2);
    expect((await stack.verify(uniqueName('vigil-none'))).code).toBe(2);
    expect(
      (await stack.verifyUnpinned(stack.pipeline.stack.bucket, '--kms-key', 'alias/vigil-none')).code,
    ).toBe(2);
  });
});
