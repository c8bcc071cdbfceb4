import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient, VerifyCommand } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { runVerify } from '#cli/commands/verify';
import { evaluate } from '#functions/evaluator';
import { sealHourlyDigests } from '#functions/seal-digests';
import {
  digestKey,
  digestSigningString,
  PERIOD_MS,
  parseDigest,
  periodStartOf,
  serializeDigest,
  sha256OfBytes,
} from '#shared/evidence/digest';
import { signDigest } from '#shared/evidence/digest-sealer';
import { KmsDigestSigner } from '#shared/evidence/digest-signer';
import { DynamoDbLedger } from '#shared/evidence/dynamodb-ledger';
import { S3EvidenceObjects } from '#shared/evidence/s3-evidence-objects';
import type { SealerRuntime } from '#shared/evidence/sealer-runtime';
import { configChangeEvent, sqsBatch } from '#shared/local/events';
import { captureIo } from '#test/support/cli-io';
import { awsClientConfig, s3ClientConfig, uniqueName } from '#test/support/moto';
import {
  ACCOUNT,
  type LocalPipeline,
  localPipeline,
  REGION,
  securityGroupItem,
  uniqueGroupId,
} from '../pipeline/harness';

/**
 * The whole path on moto: findings written by the real pipeline (ledger rows included), hours sealed by the
 * seal-digests handler with a KMS RSA key, then `vigil verify` on the locked bucket (clean) and on unlocked
 * copies where one object is altered, deleted, swapped or forged.
 */
describe('hourly digests and vigil verify (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let pipeline: LocalPipeline;
  let kms: KMSClient;
  let dynamodb: DynamoDBClient;
  let s3: S3Client;
  let keyId = '';
  let forgerKeyId = '';
  // Findings are written now (real LastModified); the sealer and verifier run as if hours had passed.
  const hour = periodStartOf(new Date());
  let findingKeys: string[] = [];

  function sealer(now: Date, signingKey = keyId): SealerRuntime {
    const ledger = new DynamoDbLedger({ client: dynamodb, table: pipeline.stack.table });
    return {
      config: {
        bucket: pipeline.stack.bucket,
        table: pipeline.stack.table,
        retentionDays: pipeline.stack.retentionDays,
        signingKeyId: signingKey,
        graceMinutes: 10,
        maxPeriods: 48,
        region: REGION,
        endpointUrl: endpoint,
      },
      ledger,
      heads: ledger,
      objects: new S3EvidenceObjects({ client: s3, bucket: pipeline.stack.bucket }),
      signer: new KmsDigestSigner({ client: kms, keyId: signingKey }),
      clock: () => now,
      destroy: () => undefined,
    };
  }

  const at = (offsetMs: number): Date => new Date(hour.getTime() + offsetMs);
  const digestAt = (offsetHours: number): string => digestKey(ACCOUNT, REGION, at(offsetHours * PERIOD_MS));
  const verifyNow = at(3 * PERIOD_MS + 15 * 60_000);

  async function verify(bucket: string, ...flags: string[]): Promise<{ code: number; out: string }> {
    const io = captureIo({ now: verifyNow });
    const code = await runVerify(
      ['--bucket', bucket, '--endpoint-url', endpoint, '--region', REGION, ...flags],
      io,
    );
    return { code, out: io.out() + io.err() };
  }

  /** A problem line of the text output: the kind (padded) then the key. */
  function problemLine(kind: string, key: string): RegExp {
    return new RegExp(`^${kind} +${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `, 'm');
  }

  async function text(bucket: string, key: string): Promise<string> {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await response.Body?.transformToString('utf8')) ?? '';
  }

  /** An unlocked bucket holding a byte-for-byte copy of every finding and digest. */
  async function unlockedCopy(): Promise<string> {
    const copy = uniqueName('vigil-copy');
    await s3.send(new CreateBucketCommand({ Bucket: copy }));
    const keys = [...findingKeys, digestAt(0), digestAt(1), digestAt(2)];
    for (const key of keys) {
      await s3.send(
        new PutObjectCommand({ Bucket: copy, Key: key, Body: await text(pipeline.stack.bucket, key) }),
      );
    }
    return copy;
  }

  beforeAll(async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
    pipeline = await localPipeline(endpoint, 'vigil-dig', { ENABLED_RULES: 'restricted-ssh' });
    const config = awsClientConfig(endpoint);
    kms = new KMSClient(config);
    dynamodb = new DynamoDBClient(config);
    s3 = new S3Client(s3ClientConfig(endpoint));
    const created = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
    keyId = created.KeyMetadata?.KeyId ?? '';
    const forger = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
    forgerKeyId = forger.KeyMetadata?.KeyId ?? '';

    const groups = [uniqueGroupId(), uniqueGroupId(), uniqueGroupId()];
    const events = groups.map((groupId, index) =>
      configChangeEvent(
        securityGroupItem({
          groupId,
          captureTime: new Date(Date.now() - 60_000).toISOString(),
          sshOpenToWorld: index === 0,
        }),
      ),
    );
    const response = await evaluate(sqsBatch(events), pipeline.runtime);
    expect(response.batchItemFailures).toEqual([]);
    const ledger = new DynamoDbLedger({ client: dynamodb, table: pipeline.stack.table });
    const written = [...(await ledger.listPeriod(hour)), ...(await ledger.listPeriod(at(PERIOD_MS)))];
    findingKeys = written.map((entry) => entry.key).sort();

    // First run starts the chain at the hour the findings were written; the second seals two empty hours.
    await sealHourlyDigests({ account: ACCOUNT }, sealer(at(PERIOD_MS + 15 * 60_000)));
    await sealHourlyDigests({ account: ACCOUNT }, sealer(at(3 * PERIOD_MS + 15 * 60_000)));
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    for (const client of [kms, dynamodb, s3]) client?.destroy();
    pipeline?.close();
  });

  it('records one ledger row per finding the pipeline wrote, with the SHA-256 of its stored bytes', async () => {
    expect(findingKeys).toHaveLength(3);
    const ledger = new DynamoDbLedger({ client: dynamodb, table: pipeline.stack.table });
    for (const entry of await ledger.listPeriod(hour)) {
      expect(entry.sha256).toBe(sha256OfBytes(await text(pipeline.stack.bucket, entry.key)));
    }
  });

  it('seals every hour into a locked digest chained to the one before, signed by KMS (Verify agrees)', async () => {
    const first = parseDigest(await text(pipeline.stack.bucket, digestAt(0)));
    const second = parseDigest(await text(pipeline.stack.bucket, digestAt(1)));
    expect(first.previousDigestKey).toBeNull();
    expect(first.findings.map((entry) => entry.key).length + second.findingCount).toBe(3);
    expect(second.previousDigestKey).toBe(digestAt(0));
    expect(second.previousDigestSha256).toBe(sha256OfBytes(await text(pipeline.stack.bucket, digestAt(0))));
    const verified = await kms.send(
      new VerifyCommand({
        KeyId: keyId,
        Message: Buffer.from(digestSigningString(first)),
        MessageType: 'RAW',
        Signature: Buffer.from(first.signature, 'base64'),
        SigningAlgorithm: 'RSASSA_PSS_SHA_256',
      }),
    );
    expect(verified.SignatureValid).toBe(true);
    const locked = await s3.send(new GetObjectCommand({ Bucket: pipeline.stack.bucket, Key: digestAt(0) }));
    expect(locked.ObjectLockMode).toBe('COMPLIANCE');
    await expect(
      s3.send(
        new DeleteObjectCommand({
          Bucket: pipeline.stack.bucket,
          Key: digestAt(0),
          VersionId: locked.VersionId,
        }),
      ),
    ).rejects.toBeInstanceOf(S3ServiceException);
  });

  it('re-running the sealer writes nothing new', async () => {
    const before = await text(pipeline.stack.bucket, digestAt(2));
    const report = await sealHourlyDigests({ account: ACCOUNT }, sealer(at(3 * PERIOD_MS + 20 * 60_000)));
    expect(report.sealed).toEqual([]);
    expect(await text(pipeline.stack.bucket, digestAt(2))).toBe(before);
  });

  it('passes the locked bucket: PASS, exit 0', async () => {
    const { code, out } = await verify(
      pipeline.stack.bucket,
      '--retention-days',
      String(pipeline.stack.retentionDays),
    );
    expect(out).toMatch(/^PASS {2}3 digests .*, 3 findings: chain unbroken, signatures valid/);
    expect(code).toBe(0);
  });

  it('reports a finding altered in an unlocked copy as ALTERED with its key, exit 1', async () => {
    const copy = await unlockedCopy();
    const target = findingKeys[1] ?? '';
    const altered = (await text(copy, target)).replace('"severity":"', '"severity":"LOW-');
    await s3.send(new PutObjectCommand({ Bucket: copy, Key: target, Body: altered }));
    const { code, out } = await verify(copy, '--skip-retention');
    expect(out).toMatch(problemLine('ALTERED', target));
    expect(out).toMatch(/FAIL .*1 problems \(1 altered\)/);
    expect(code).toBe(1);
  });

  it('reports a finding deleted from an unlocked copy as MISSING with its key', async () => {
    const copy = await unlockedCopy();
    const target = findingKeys[0] ?? '';
    await s3.send(new DeleteObjectCommand({ Bucket: copy, Key: target }));
    const { code, out } = await verify(copy, '--skip-retention');
    expect(out).toMatch(problemLine('MISSING', target));
    expect(code).toBe(1);
  });

  it('reports re-ordered (swapped) digests as broken links at their keys', async () => {
    const copy = await unlockedCopy();
    const [zero, one] = [await text(copy, digestAt(0)), await text(copy, digestAt(1))];
    await s3.send(new PutObjectCommand({ Bucket: copy, Key: digestAt(0), Body: one }));
    await s3.send(new PutObjectCommand({ Bucket: copy, Key: digestAt(1), Body: zero }));
    const { code, out } = await verify(copy, '--skip-retention');
    expect(out).toMatch(problemLine('BROKEN-LINK', digestAt(0)));
    expect(out).toMatch(problemLine('BROKEN-LINK', digestAt(1)));
    expect(code).toBe(1);
  });

  it('reports a digest forged with another KMS key of the account as a bad signature', async () => {
    const copy = await unlockedCopy();
    const real = parseDigest(await text(copy, digestAt(0)));
    const forger = new KmsDigestSigner({ client: kms, keyId: forgerKeyId });
    const { signature: _real, ...unsigned } = {
      ...real,
      findings: real.findings.slice(1),
      findingCount: real.findings.length - 1,
      signing: { ...real.signing, keyId: await forger.keyId() },
    };
    const forged = serializeDigest(await signDigest(unsigned, forger));
    await s3.send(new PutObjectCommand({ Bucket: copy, Key: digestAt(0), Body: forged }));
    const { code, out } = await verify(copy, '--skip-retention');
    expect(out).toMatch(problemLine('BAD-SIGNATURE', digestAt(0)));
    expect(out).toMatch(problemLine('BROKEN-LINK', digestAt(1)));
    expect(code).toBe(1);
  });

  it('reports a finding slipped into a sealed hour as UNLISTED, and an unlocked copy as RETENTION', async () => {
    const copy = await unlockedCopy();
    const source = findingKeys[2] ?? '';
    const smuggled = source.replace(/_[0-9a-f]{12}\.json$/, '_000000000000.json');
    await s3.send(new PutObjectCommand({ Bucket: copy, Key: smuggled, Body: await text(copy, source) }));
    const { code, out } = await verify(copy);
    expect(out).toMatch(problemLine('UNLISTED', smuggled));
    expect(out).toMatch(problemLine('RETENTION', digestAt(0)));
    expect(code).toBe(1);
  });

  it('refuses bad input with exit 2', async () => {
    expect((await verify(pipeline.stack.bucket, '--retention-days', 'many')).code).toBe(2);
    expect((await verify(uniqueName('vigil-none'))).code).toBe(2);
  });
});
