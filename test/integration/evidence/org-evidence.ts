import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { evaluate } from '#functions/evaluator';
import { PERIOD_MS, periodStartOf } from '#shared/evidence/digest';
import { KmsDigestSigner } from '#shared/evidence/digest-signer';
import { DynamoDbDigestHeads } from '#shared/evidence/dynamodb-digest-heads';
import { S3EvidenceObjects } from '#shared/evidence/s3-evidence-objects';
import { parseSealerConfig, type SealerRuntime } from '#shared/evidence/sealer-runtime';
import { configChangeEvent, sqsBatch } from '#shared/local/events';
import { awsClientConfig, s3ClientConfig } from '#test/support/moto';
import { type LocalPipeline, localPipeline, securityGroupItem, uniqueGroupId } from '../pipeline/harness';

/** The member accounts of the test organization; the first is also the central (sealer's) account. */
export const MEMBER_ACCOUNTS = ['111111111111', '222222222222', '333333333333'] as const;

/** The member regions; the first is the sealer's own. */
export const MEMBER_REGIONS = ['us-east-1', 'eu-west-1'] as const;

/** Every account–region chain of the test organization, `<account>/<region>`, sorted. */
export const ORG_CHAINS = MEMBER_ACCOUNTS.flatMap((account) =>
  [...MEMBER_REGIONS].sort().map((region) => `${account}/${region}`),
);

/** AWS calls one sealer run made, by `<Client>.<Command>`. */
export type CallCounts = Record<string, number>;

/** Evidence of three member accounts in two regions written by the real pipeline into one bucket. */
export interface OrgEvidence {
  readonly endpoint: string;
  readonly pipeline: LocalPipeline;
  readonly s3: S3Client;
  readonly kms: KMSClient;
  readonly dynamodb: DynamoDBClient;
  /** The digest signing key. */
  readonly keyId: string;
  /** Start of the hour the evidence was written in (real time). */
  readonly hour: Date;
  /** `hour` plus an offset. */
  at(offsetMs: number): Date;
  /** Every evidence key under `findings/`, sorted. */
  readonly batchKeys: readonly string[];
  /**
   * The sealer's ports with its clock at `now`, built from `env` (MEMBER_ACCOUNTS, MEMBER_REGIONS, …) the way
   * the function builds them, its clients counting every call into `calls`.
   */
  sealer(now: Date, env?: Readonly<Record<string, string>>): { runtime: SealerRuntime; calls: CallCounts };
  close(): void;
}

/** A Config item of a security group of a member account and region, as its change notification carries it. */
function memberGroupItem(
  accountId: string,
  region: string,
  groupId: string,
  captureTime: string,
  open: boolean,
) {
  const item = securityGroupItem({ groupId, captureTime, sshOpenToWorld: open });
  return {
    ...item,
    awsAccountId: accountId,
    awsRegion: region,
    ARN: `arn:aws:ec2:${region}:${accountId}:security-group/${groupId}`,
    configuration: { ...(item.configuration as Record<string, unknown>), ownerId: accountId },
  };
}

/** The bit of an SDK client a call counter needs. */
interface WithMiddleware {
  readonly middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { readonly clientName?: string; readonly commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { readonly step: 'initialize'; readonly name: string },
    ): void;
  };
}

/** Counts every command a client sends, by `<Client>.<Command>` (e.g. `S3.GetObject`). */
function countCalls(client: S3Client | KMSClient | DynamoDBClient, calls: CallCounts): void {
  (client as unknown as WithMiddleware).middlewareStack.add(
    (next, context) => async (args) => {
      const name = `${(context.clientName ?? '?').replace(/Client$/, '')}.${(context.commandName ?? '?').replace(/Command$/, '')}`;
      calls[name] = (calls[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'vigilCallCounter' },
  );
}

/**
 * Runs the real evaluator on Config changes of two security groups in each of three member accounts and two
 * regions (single-account settings without ACCOUNT_ID accept every account; findings are keyed by the item's
 * account and region): group 0 opens SSH to the world, then accounts 1 and 2 close it (remediated after 30 s)
 * while account 3 leaves it open and group 1 of account 3 is judged again unchanged (an attestation).
 */
export async function orgEvidence(endpoint: string, prefix: string): Promise<OrgEvidence> {
  const pipeline = await localPipeline(endpoint, prefix, { ENABLED_RULES: 'restricted-ssh' });
  const config = awsClientConfig(endpoint);
  const kms = new KMSClient(config);
  const dynamodb = new DynamoDBClient(config);
  const s3 = new S3Client(s3ClientConfig(endpoint));
  const hour = periodStartOf(new Date());
  const created = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
  const keyId = created.KeyMetadata?.KeyId ?? '';

  const first = new Date(Date.now() - 60_000).toISOString();
  const later = new Date(Date.now() - 30_000).toISOString();
  const firstEvents = [];
  const laterEvents = [];
  for (const [index, accountId] of MEMBER_ACCOUNTS.entries()) {
    for (const region of MEMBER_REGIONS) {
      const groups = [uniqueGroupId(), uniqueGroupId()] as const;
      firstEvents.push(
        configChangeEvent(memberGroupItem(accountId, region, groups[0], first, true)),
        configChangeEvent(memberGroupItem(accountId, region, groups[1], first, false)),
      );
      laterEvents.push(
        index < 2
          ? configChangeEvent(memberGroupItem(accountId, region, groups[0], later, false))
          : configChangeEvent(memberGroupItem(accountId, region, groups[1], later, false)),
      );
    }
  }
  // SQS delivers at most 10 messages to one invocation.
  for (const events of [firstEvents.slice(0, 6), firstEvents.slice(6), laterEvents]) {
    const response = await evaluate(sqsBatch(events), pipeline.runtime);
    if (response.batchItemFailures.length > 0) throw new Error('the pipeline failed to record the evidence');
  }
  const listed = await s3.send(
    new ListObjectVersionsCommand({ Bucket: pipeline.stack.bucket, Prefix: 'findings/' }),
  );
  const batchKeys = [...new Set((listed.Versions ?? []).flatMap((version) => version.Key ?? []))].sort();

  const sealer = (now: Date, env: Readonly<Record<string, string>> = {}) => {
    const calls: CallCounts = {};
    const sealerS3 = new S3Client(s3ClientConfig(endpoint));
    const sealerKms = new KMSClient(config);
    const sealerDynamo = new DynamoDBClient(config);
    for (const client of [sealerS3, sealerKms, sealerDynamo]) countCalls(client, calls);
    const runtime: SealerRuntime = {
      config: parseSealerConfig({
        EVIDENCE_BUCKET: pipeline.stack.bucket,
        STATE_TABLE: pipeline.stack.table,
        EVIDENCE_RETENTION_DAYS: String(pipeline.stack.retentionDays),
        DIGEST_SIGNING_KEY_ID: keyId,
        AWS_REGION: MEMBER_REGIONS[0],
        AWS_ENDPOINT_URL: endpoint,
        ...env,
      }),
      heads: new DynamoDbDigestHeads({ client: sealerDynamo, table: pipeline.stack.table }),
      objects: new S3EvidenceObjects({ client: sealerS3, bucket: pipeline.stack.bucket }),
      signer: new KmsDigestSigner({ client: sealerKms, keyId }),
      clock: () => now,
      destroy: () => {
        for (const client of [sealerS3, sealerKms, sealerDynamo]) client.destroy();
      },
    };
    return { runtime, calls };
  };

  return {
    endpoint,
    pipeline,
    s3,
    kms,
    dynamodb,
    keyId,
    hour,
    at: (offsetMs) => new Date(hour.getTime() + offsetMs),
    batchKeys,
    sealer,
    close: () => {
      for (const client of [kms, dynamodb, s3]) client.destroy();
      pipeline.close();
    },
  };
}

/** When the sealer runs: 1 h 15 after the evidence's hour (it seals that hour), then 3 h 15 after it. */
export const SEAL_OFFSETS = [PERIOD_MS + 15 * 60_000, 3 * PERIOD_MS + 15 * 60_000] as const;
