import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { runVerify } from '#cli/commands/verify';
import { evaluate } from '#functions/evaluator';
import { sealHourlyDigests } from '#functions/seal-digests';
import { digestKey, PERIOD_MS, periodStartOf } from '#shared/evidence/digest';
import { KmsDigestSigner } from '#shared/evidence/digest-signer';
import { DynamoDbDigestHeads } from '#shared/evidence/dynamodb-digest-heads';
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

/** The evidence prefix of the stack's account and region. */
export const EVIDENCE_PREFIX = `findings/${ACCOUNT}/${REGION}/`;

/** A local pipeline whose evidence of this hour is sealed into three hourly digests, and helpers around it. */
export interface SealedStack {
  readonly endpoint: string;
  readonly pipeline: LocalPipeline;
  readonly kms: KMSClient;
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  /** The digest signing key and a second RSA key of the same account. */
  readonly keyId: string;
  readonly forgerKeyId: string;
  /** Start of the hour the evidence was written in (real time). */
  readonly hour: Date;
  /** Keys of the batch objects the pipeline wrote, sorted: the first holds groups 0–2, the second the changes. */
  readonly batchKeys: readonly string[];
  /** Security groups evaluated: 0 starts open to the world (NON_COMPLIANT) and is then closed. */
  readonly groupIds: readonly string[];
  /** When the verifier runs: just after the three sealed hours. */
  readonly verifyNow: Date;
  /** `hour` plus an offset. */
  at(offsetMs: number): Date;
  /** Key of the digest `offsetHours` after `hour`. */
  digestAt(offsetHours: number): string;
  /** The sealer's ports, with its clock at `now`. */
  sealer(now: Date): SealerRuntime;
  /**
   * Runs `vigil verify --bucket` against moto with the signing key pinned (`--kms-key`); returns the exit
   * code and everything printed.
   */
  verify(bucket: string, ...flags: string[]): Promise<{ code: number; out: string }>;
  /** The same without a pinned key. */
  verifyUnpinned(bucket: string, ...flags: string[]): Promise<{ code: number; out: string }>;
  /** An object's text. */
  text(bucket: string, key: string): Promise<string>;
  /** A new unversioned, unlocked bucket holding a byte-for-byte copy of every batch and digest. */
  unlockedCopy(): Promise<string>;
  close(): void;
}

/** What a test may do between the pipeline's writes and the first sealing run. */
export interface BeforeSealing {
  readonly pipeline: LocalPipeline;
  readonly s3: S3Client;
  readonly batchKeys: readonly string[];
  readonly groupIds: readonly string[];
}

/** A problem line of `vigil verify` text output: the kind (padded) then the key. */
export function problemLine(kind: string, key: string): RegExp {
  return new RegExp(`^${kind} +${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `, 'm');
}

/** Every current key under `prefix` of `bucket`, sorted. */
async function keysUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }));
  return [...new Set((listed.Versions ?? []).flatMap((version) => version.Key ?? []))].sort();
}

/**
 * Deploys a pipeline on moto and runs the real evaluator twice now (so keys and S3 LastModified are real):
 * three security groups (group 0 open to the world), then group 0 closed (its finding #2) and group 1 seen
 * again unchanged (an attestation): two batch objects, four findings, one attestation. Then, after
 * `beforeSealing`, seals with the seal-digests handler as if it ran 1 h 15 and 3 h 15 later: digests of
 * `hour`, `hour+1` and `hour+2`. Needs AWS_ACCESS_KEY_ID/SECRET in the environment for the CLI.
 */
export async function sealedStack(
  endpoint: string,
  prefix: string,
  beforeSealing: (stack: BeforeSealing) => Promise<void> = async () => undefined,
): Promise<SealedStack> {
  const pipeline = await localPipeline(endpoint, prefix, { ENABLED_RULES: 'restricted-ssh' });
  const config = awsClientConfig(endpoint);
  const kms = new KMSClient(config);
  const dynamodb = new DynamoDBClient(config);
  const s3 = new S3Client(s3ClientConfig(endpoint));
  const hour = periodStartOf(new Date());
  const at = (offsetMs: number): Date => new Date(hour.getTime() + offsetMs);
  const digestAt = (offsetHours: number): string => digestKey(ACCOUNT, REGION, at(offsetHours * PERIOD_MS));
  const verifyNow = at(3 * PERIOD_MS + 15 * 60_000);
  const created = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
  const keyId = created.KeyMetadata?.KeyId ?? '';
  const forger = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
  const heads = new DynamoDbDigestHeads({ client: dynamodb, table: pipeline.stack.table });

  const sealer = (now: Date): SealerRuntime => ({
    config: {
      bucket: pipeline.stack.bucket,
      table: pipeline.stack.table,
      retentionDays: pipeline.stack.retentionDays,
      signingKeyId: keyId,
      graceMinutes: 10,
      maxPeriods: 48,
      maxHoursPerRun: 1000,
      chainConcurrency: 4,
      region: REGION,
      endpointUrl: endpoint,
    },
    heads,
    objects: new S3EvidenceObjects({ client: s3, bucket: pipeline.stack.bucket }),
    signer: new KmsDigestSigner({ client: kms, keyId }),
    clock: () => now,
    destroy: () => undefined,
  });
  const verifyUnpinned = async (bucket: string, ...flags: string[]) => {
    const io = captureIo({ now: verifyNow });
    const code = await runVerify(
      ['--bucket', bucket, '--endpoint-url', endpoint, '--region', REGION, ...flags],
      io,
    );
    return { code, out: io.out() + io.err() };
  };
  const text = async (bucket: string, key: string): Promise<string> => {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await response.Body?.transformToString('utf8')) ?? '';
  };

  const groupIds = [uniqueGroupId(), uniqueGroupId(), uniqueGroupId()];
  const captured = new Date(Date.now() - 60_000).toISOString();
  const item = (index: number, open: boolean, captureTime = captured) =>
    configChangeEvent(
      securityGroupItem({ groupId: groupIds[index] ?? '', captureTime, sshOpenToWorld: open }),
    );
  const later = new Date(Date.now() - 30_000).toISOString();
  for (const events of [
    [item(0, true), item(1, false), item(2, false)],
    [item(0, false, later), item(1, false, later)],
  ]) {
    const response = await evaluate(sqsBatch(events), pipeline.runtime);
    if (response.batchItemFailures.length > 0) throw new Error('the pipeline failed to record the evidence');
  }
  const batchKeys = await keysUnder(s3, pipeline.stack.bucket, EVIDENCE_PREFIX);
  if (batchKeys.length !== 2) throw new Error(`expected two batch objects, found ${batchKeys.length}`);
  await beforeSealing({ pipeline, s3, batchKeys, groupIds });

  // The first run starts the chain at the evidence's hour; the second seals the two hours after it.
  await sealHourlyDigests({ account: ACCOUNT }, sealer(at(PERIOD_MS + 15 * 60_000)));
  await sealHourlyDigests({ account: ACCOUNT }, sealer(verifyNow));

  return {
    endpoint,
    pipeline,
    kms,
    s3,
    dynamodb,
    keyId,
    forgerKeyId: forger.KeyMetadata?.KeyId ?? '',
    hour,
    batchKeys,
    groupIds,
    verifyNow,
    at,
    digestAt,
    sealer,
    text,
    verify: (bucket, ...flags) => verifyUnpinned(bucket, '--kms-key', keyId, ...flags),
    verifyUnpinned,
    unlockedCopy: async () => {
      const copy = uniqueName('vigil-copy');
      await s3.send(new CreateBucketCommand({ Bucket: copy }));
      const keys = await keysUnder(s3, pipeline.stack.bucket, EVIDENCE_PREFIX);
      await Promise.all(
        [...keys, digestAt(0), digestAt(1), digestAt(2)].map(async (key) => {
          const body = await text(pipeline.stack.bucket, key);
          await s3.send(new PutObjectCommand({ Bucket: copy, Key: key, Body: body }));
        }),
      );
      return copy;
    },
    close: () => {
      for (const client of [kms, dynamodb, s3]) client.destroy();
      pipeline.close();
    },
  };
}
