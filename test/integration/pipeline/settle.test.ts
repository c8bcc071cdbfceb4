import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it, type MockInstance, vi } from 'vitest';
import { evaluate } from '#functions/evaluator';
import { parseConfig } from '#shared/config';
import { cloudTrailEvent, sqsBatch } from '#shared/local/events';
import { createRuntime, type Runtime } from '#shared/pipeline/runtime';
import { SETTLE_SORT_KEY } from '#shared/settle/dynamodb-settle-store';
import { SettledDescribeSchema } from '#shared/settle/settled-describe';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import { drainAlerts, pipelineEnv } from '#test/support/pipeline-stack';
import { ACCOUNT, chainOf, type LocalPipeline, localPipeline, REGION } from './harness';

const RULES = [
  's3-bucket-versioning-enabled',
  's3-bucket-server-side-encryption-enabled',
  's3-bucket-level-public-access-prohibited',
  's3-bucket-ssl-requests-only',
];
const SETTLE_SECONDS = 2;

function tlsOnlyPolicy(bucket: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyPlainHttp',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}

function readOnlyPolicy(bucket: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AccountReads',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${bucket}/*`,
      },
    ],
  });
}

describe('settle and coalesce on moto: a Terraform-like burst on a bucket gives one describe', () => {
  const endpoint = inject('motoEndpoint');
  let pipeline: LocalPipeline;
  let sqs: SQSClient;
  let queueUrl: string;
  /** The same stack with settling off (SETTLE_SECONDS=0): every event described at once. */
  let unsettled: Runtime;
  const spies: MockInstance[] = [];

  beforeAll(async () => {
    sqs = new SQSClient(awsClientConfig(endpoint));
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('vigil-settle-change') }));
    queueUrl = queue.QueueUrl ?? '';
    const env = {
      ENABLED_RULES: RULES.join(','),
      CHANGE_QUEUE_URL: queueUrl,
      SETTLE_SECONDS: String(SETTLE_SECONDS),
    };
    pipeline = await localPipeline(endpoint, 'vigil-settle', env);
    unsettled = createRuntime(parseConfig({ ...pipelineEnv(pipeline.stack), ...env, SETTLE_SECONDS: '0' }), {
      endpoint,
      credentials: awsClientConfig(endpoint).credentials,
    });
  });

  afterAll(() => {
    for (const spy of spies) spy.mockRestore();
    unsettled?.destroy();
    sqs?.destroy();
    pipeline?.close();
  });

  /** Counts the describes of a runtime's own-account describer. */
  function countDescribes(runtime: Runtime): () => string[] {
    const spy = vi.spyOn(runtime.describer, 'describe');
    spies.push(spy);
    spy.mockClear();
    return () => spy.mock.calls.map(([ref]) => ref.lookupId);
  }

  /**
   * Creates a bucket on moto and configures it in five calls a second apart, as Terraform does, feeding the
   * CloudTrail event of each call to the evaluator handler right after the call.
   */
  async function terraformBurst(runtime: Runtime, bucket: string, policy: string): Promise<void> {
    const start = Date.now();
    const s3 = pipeline.s3;
    const calls: [string, () => Promise<unknown>][] = [
      ['CreateBucket', () => s3.send(new CreateBucketCommand({ Bucket: bucket }))],
      [
        'PutBucketVersioning',
        () =>
          s3.send(
            new PutBucketVersioningCommand({
              Bucket: bucket,
              VersioningConfiguration: { Status: 'Enabled' },
            }),
          ),
      ],
      [
        'PutBucketEncryption',
        () =>
          s3.send(
            new PutBucketEncryptionCommand({
              Bucket: bucket,
              ServerSideEncryptionConfiguration: {
                Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
              },
            }),
          ),
      ],
      [
        'PutBucketPublicAccessBlock',
        () =>
          s3.send(
            new PutPublicAccessBlockCommand({
              Bucket: bucket,
              PublicAccessBlockConfiguration: {
                BlockPublicAcls: true,
                IgnorePublicAcls: true,
                BlockPublicPolicy: true,
                RestrictPublicBuckets: true,
              },
            }),
          ),
      ],
      ['PutBucketPolicy', () => s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }))],
      [
        'PutBucketTagging',
        () =>
          s3.send(
            new PutBucketTaggingCommand({
              Bucket: bucket,
              Tagging: { TagSet: [{ Key: 'managed-by', Value: 'terraform' }] },
            }),
          ),
      ],
    ];
    for (const [index, [eventName, call]] of calls.entries()) {
      await call();
      const event = cloudTrailEvent({
        eventSource: 's3.amazonaws.com',
        eventName,
        accountId: ACCOUNT,
        region: REGION,
        eventTime: new Date(start + index * 1000).toISOString(),
        requestParameters: { bucketName: bucket, Host: `${bucket}.s3.amazonaws.com` },
      });
      const response = await evaluate(sqsBatch([event]), runtime);
      expect(response.batchItemFailures).toEqual([]);
    }
  }

  /** Messages waiting on the change queue, visible or still delayed. */
  async function queueDepth(): Promise<number> {
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    return (
      Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(attributes.Attributes?.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  }

  /** Receives the change queue's next message once its delay is over, as the evaluator's event source does. */
  async function receiveSettled(): Promise<Message> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 1,
          WaitTimeSeconds: SETTLE_SECONDS + 3,
          MessageSystemAttributeNames: ['SentTimestamp'],
        }),
      );
      const [message] = response.Messages ?? [];
      if (message !== undefined) {
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
        return message;
      }
    }
    throw new Error('no settled describe arrived on the change queue');
  }

  /** The settle marker row of a window key, if any. */
  async function markerOf(key: string): Promise<Record<string, unknown> | undefined> {
    const dynamodb = new DynamoDBClient(awsClientConfig(endpoint));
    try {
      const row = await dynamodb.send(
        new GetItemCommand({
          TableName: pipeline.stack.table,
          Key: { pk: { S: key }, sk: { S: SETTLE_SORT_KEY } },
          ConsistentRead: true,
        }),
      );
      return row.Item;
    } finally {
      dynamodb.destroy();
    }
  }

  async function transitionsFor(bucket: string): Promise<(string | undefined)[]> {
    return (await drainAlerts(pipeline.stack))
      .filter((alert) => alert.message.includes(bucket))
      .map((alert) => alert.attributes.transition);
  }

  /** Runs the burst with settling on, delivers the one delayed describe, and returns what happened. */
  async function settledBurst(bucket: string, policy: string) {
    const describes = countDescribes(pipeline.runtime);
    await terraformBurst(pipeline.runtime, bucket, policy);
    // Nothing was described while the events arrived, and one describe waits on the queue for them all.
    expect(describes()).toEqual([]);
    expect(await transitionsFor(bucket)).toEqual([]);
    expect(await queueDepth()).toBe(1);
    const message = await receiveSettled();
    const receivedAt = Date.now();
    // moto honours DelaySeconds: the message could not be received before the settle period was over.
    expect(receivedAt - Number(message.Attributes?.SentTimestamp)).toBeGreaterThanOrEqual(
      SETTLE_SECONDS * 1000 - 50,
    );
    const body = SettledDescribeSchema.parse(JSON.parse(message.Body ?? ''));
    expect(body.refs.map((ref) => ref.lookupId)).toEqual([bucket]);
    const response = await evaluate(
      { Records: [{ messageId: message.MessageId ?? 'settled', body: message.Body ?? '' }] },
      pipeline.runtime,
    );
    expect(response.batchItemFailures).toEqual([]);
    // The window is closed: its marker row is gone.
    expect(await markerOf(body.key)).toBeUndefined();
    return { describes: describes(), transitions: await transitionsFor(bucket) };
  }

  it('a bucket that ends compliant: one describe after the window, no failure alert', async () => {
    const bucket = uniqueName('vigil-settle-ok');
    const { describes, transitions } = await settledBurst(bucket, tlsOnlyPolicy(bucket));
    expect(describes).toEqual([bucket]);
    expect(transitions).toEqual([]);
    for (const ruleId of RULES) {
      const chain = await chainOf(pipeline, bucket, ruleId);
      expect(
        chain.map((finding) => [finding.compliance, finding.source.trigger]),
        ruleId,
      ).toEqual([['COMPLIANT', 'cloudtrail']]);
    }
  });

  it('a bucket that ends non-compliant: one describe, exactly one NEW_FAILURE alert', async () => {
    const bucket = uniqueName('vigil-settle-bad');
    const { describes, transitions } = await settledBurst(bucket, readOnlyPolicy(bucket));
    expect(describes).toEqual([bucket]);
    expect(transitions).toEqual(['NEW_FAILURE']);
    const chain = await chainOf(pipeline, bucket, 's3-bucket-ssl-requests-only');
    expect(chain.map((finding) => finding.compliance)).toEqual(['NON_COMPLIANT']);
  });

  it('with settling off (0) the same burst describes six times and alerts on the half-built bucket', async () => {
    const bucket = uniqueName('vigil-settle-off');
    const describes = countDescribes(unsettled);
    await terraformBurst(unsettled, bucket, tlsOnlyPolicy(bucket));
    expect(describes()).toEqual(Array(6).fill(bucket));
    expect(await queueDepth()).toBe(0);
    const transitions = await transitionsFor(bucket);
    expect(transitions).toContain('NEW_FAILURE');
    expect(transitions).toContain('RESOLVED');
  });
});
