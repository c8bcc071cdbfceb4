import { randomUUID } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { expect } from 'vitest';
import { parseConfig } from '#shared/config';
import { canonicalJson } from '#shared/evidence/canonical-json';
import { parseRemediationConfig } from '#shared/remediations/config';
import { type RemediationRecord, RemediationRecordSchema, verifyRecord } from '#shared/remediations/record';
import type { RemediationRequest } from '#shared/remediations/request';
import { createRemediationRuntime, type RemediationRuntime } from '#shared/remediations/runtime';
import { awsClientConfig, s3ClientConfig, uniqueName } from '#test/support/moto';
import {
  deployPipelineStack,
  drainAlerts,
  type PipelineStack,
  pipelineEnv,
  type ReceivedAlert,
} from '#test/support/pipeline-stack';

/** The account moto answers as. */
export const ACCOUNT = '123456789012';

/** The region every remediation test runs in. */
export const REGION = 'us-east-1';

/** The remediation function's entry point, loaded after the logger is silenced. */
type Remediate = (
  event: unknown,
  deps: RemediationRuntime,
  invocationId?: string,
) => Promise<SQSBatchResponse>;

/** A deployed local stack and the remediation function's runtime built from its environment. */
export interface LocalRemediation {
  readonly stack: PipelineStack;
  readonly runtime: RemediationRuntime;
  readonly s3: S3Client;
  /** Delivers requests to the real handler as one SQS batch. */
  run(...requests: RemediationRequest[]): Promise<SQSBatchResponse>;
  /** The remediation records stored so far (of one resource when given), parsed and hash-checked. */
  records(resourceId?: string): Promise<{ readonly key: string; readonly record: RemediationRecord }[]>;
  alerts(): Promise<ReceivedAlert[]>;
  close(): void;
}

/** Deploys a fresh bucket/table/topic in moto (or reuses `existing`) and the remediation runtime over it, with extra env. */
export async function localRemediation(
  endpoint: string,
  prefix: string,
  env: Readonly<Record<string, string>>,
  existing?: PipelineStack,
): Promise<LocalRemediation> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const { remediate } = (await import('#functions/remediate')) as { remediate: Remediate };
  const stack = existing ?? (await deployPipelineStack(endpoint, { name: uniqueName(prefix) }));
  const { credentials } = awsClientConfig(endpoint);
  const fullEnv = {
    ...pipelineEnv(stack),
    REMEDIATION_SSM_PREFIX: `/${uniqueName('vigil')}/remediation`,
    ...env,
  };
  const runtime = createRemediationRuntime(parseConfig(fullEnv), parseRemediationConfig(fullEnv), {
    endpoint,
    credentials,
  });
  const s3 = new S3Client(s3ClientConfig(endpoint));
  return {
    stack,
    runtime,
    s3,
    run: (...requests) =>
      remediate(
        { Records: requests.map((request) => ({ messageId: randomUUID(), body: JSON.stringify(request) })) },
        runtime,
        'test-invocation',
      ),
    records: async (resourceId) => {
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: 'remediations/' }),
      );
      const keys = (listed.Contents ?? [])
        .flatMap((object) => (object.Key === undefined ? [] : [object.Key]))
        .filter((key) => resourceId === undefined || key.includes(`/${encodeURIComponent(resourceId)}/`));
      return Promise.all(
        keys.map(async (key) => {
          const object = await s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key }));
          const record = RemediationRecordSchema.parse(
            JSON.parse((await object.Body?.transformToString()) ?? '{}'),
          );
          if (!verifyRecord(record)) throw new Error(`record ${key} does not match its hash`);
          return { key, record };
        }),
      );
    },
    alerts: () => drainAlerts(stack),
    close: () => {
      runtime.destroy();
      s3.destroy();
    },
  };
}

/** A remediation request for a resource as the pipeline would send it (without the item: the handler describes it). */
export function requestFor(
  ruleId: string,
  resource: { readonly resourceType: string; readonly resourceId: string; readonly resourceName?: string },
): RemediationRequest {
  return {
    version: 1,
    requestId: randomUUID(),
    ruleId,
    resource: { accountId: ACCOUNT, region: REGION, ...resource },
    trigger: {
      source: 'cloudtrail',
      captureTime: new Date().toISOString(),
      findingKey: `findings/${ruleId}/test.json`,
    },
    requestedAt: new Date().toISOString(),
  };
}

/** The lock headers of a stored record. */
export async function lockOf(
  harness: LocalRemediation,
  key: string,
): Promise<{ readonly mode: string | undefined; readonly checksum: string | undefined }> {
  const head = await harness.s3.send(
    new HeadObjectCommand({ Bucket: harness.stack.bucket, Key: key, ChecksumMode: 'ENABLED' }),
  );
  return { mode: head.ObjectLockMode, checksum: head.ChecksumSHA256 };
}

/** The single record of a rule on a resource, failing when there is not exactly one. */
export async function onlyRecord(
  harness: LocalRemediation,
  ruleId: string,
  resourceId: string,
): Promise<{ readonly key: string; readonly record: RemediationRecord }> {
  const matching = (await harness.records(resourceId)).filter(
    ({ record }) => record.ruleId === ruleId && record.resource.resourceId === resourceId,
  );
  if (matching.length !== 1) {
    throw new Error(
      `expected one record of ${ruleId} on ${resourceId}, got ${matching.length}: ${canonicalJson(matching.map((m) => m.record.outcome))}`,
    );
  }
  const [first] = matching;
  if (first === undefined) throw new Error('unreachable');
  return first;
}

/**
 * Receives what waits on a remediation queue and hands it to `remediate` as one SQS batch, as the event
 * source does; every message must be acknowledged.
 * @returns how many messages were delivered.
 */
export async function deliverQueued(
  sqs: SQSClient,
  queueUrl: string,
  remediate: (event: { Records: { messageId: string; body: string }[] }) => Promise<SQSBatchResponse>,
): Promise<number> {
  const received = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  const records = (received.Messages ?? []).map((message) => ({
    messageId: message.MessageId ?? '',
    body: message.Body ?? '',
  }));
  if (records.length > 0) expect(await remediate({ Records: records })).toEqual({ batchItemFailures: [] });
  return records.length;
}

/** The remediation records of one resource, oldest attempt first. */
export async function recordsInOrder(
  remediation: LocalRemediation,
  resourceId: string,
): Promise<RemediationRecord[]> {
  return (await remediation.records(resourceId))
    .map(({ record }) => record)
    .sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
}
