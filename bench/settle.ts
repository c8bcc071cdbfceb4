import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { parseConfig } from '#shared/config';
import { cloudTrailEvent, sqsBatch } from '#shared/local/events';
import {
  awsClientConfig,
  type MotoServer,
  s3ClientConfig,
  startMotoServer,
  uniqueName,
} from '#shared/local/moto';
import { deployPipelineStack, type PipelineStack, pipelineEnv } from '#shared/local/pipeline-stack';
import { createRuntime } from '#shared/pipeline/runtime';
import { CallCounter, isEvidenceOrStateWrite } from './call-counter';
import { type BenchOptions, type BenchResult, type BenchSection, formatCount } from './section';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
/** The settle period of the "on" pass: short, so the bench waits little; the counts do not depend on it. */
const SETTLE_SECONDS = 1;
const RULES = [
  's3-bucket-versioning-enabled',
  's3-bucket-server-side-encryption-enabled',
  's3-bucket-level-public-access-prohibited',
  's3-bucket-ssl-requests-only',
];

/** The six calls Terraform makes for one hardened bucket, as (CloudTrail event name, the call on moto). */
function terraformCalls(s3: S3Client, bucket: string): [string, () => Promise<unknown>][] {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
  return [
    ['CreateBucket', () => s3.send(new CreateBucketCommand({ Bucket: bucket }))],
    [
      'PutBucketVersioning',
      () =>
        s3.send(
          new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
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
}

/** What one pass cost, per CloudTrail event. */
interface PassReport {
  readonly events: number;
  readonly describes: number;
  readonly sends: number;
  readonly dynamodbWrites: number;
  readonly s3Puts: number;
  readonly alerts: number;
}

/**
 * Builds `resources` buckets with six calls each (their CloudTrail events interleaved, as a Terraform apply
 * with parallelism sends them), feeds every event to the evaluator handler, then, with settling on, drains
 * the change queue's delayed describes into the handler too; counts the AWS calls of the evaluator only.
 */
async function pass(
  stack: PipelineStack,
  queueUrl: string,
  resources: number,
  settleSeconds: number,
): Promise<PassReport> {
  // The handler's module-level logger and metrics read the environment at import: quiet them first.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const { evaluate } = await import('#functions/evaluator');
  const endpoint = stack.endpoint;
  const runtime = createRuntime(
    parseConfig({
      ...pipelineEnv(stack),
      ENABLED_RULES: RULES.join(','),
      CHANGE_QUEUE_URL: queueUrl,
      SETTLE_SECONDS: String(settleSeconds),
    }),
    { endpoint, credentials: awsClientConfig(endpoint).credentials },
  );
  const s3 = new S3Client(s3ClientConfig(endpoint));
  const sqs = new SQSClient(awsClientConfig(endpoint));
  const counter = new CallCounter();
  let describes = 0;
  const describe = runtime.describer.describe.bind(runtime.describer);
  Object.assign(runtime.describer, {
    describe: (...args: Parameters<typeof describe>) => {
      describes++;
      return describe(...args);
    },
  });
  const tallies = new Map<string, number>();
  const keep = () => {
    for (const [key, tally] of counter.take()) tallies.set(key, (tallies.get(key) ?? 0) + tally.calls);
  };
  try {
    const buckets = Array.from({ length: resources }, () => uniqueName('bench-settle'));
    const calls = buckets.map((bucket) => terraformCalls(s3, bucket));
    const start = Date.now();
    let events = 0;
    for (let step = 0; step < 6; step++) {
      for (const [index, bucket] of buckets.entries()) {
        const [eventName, call] = calls[index]?.[step] ?? [];
        if (eventName === undefined || call === undefined) continue;
        await call();
        const event = cloudTrailEvent({
          eventSource: 's3.amazonaws.com',
          eventName,
          accountId: ACCOUNT,
          region: REGION,
          eventTime: new Date(start + step * 1000).toISOString(),
          requestParameters: { bucketName: bucket },
        });
        counter.start();
        await evaluate(sqsBatch([event]), runtime);
        counter.stop();
        keep();
        events++;
      }
    }
    // The delayed describes: one per window, received once their delay is over, as the event source does.
    let settled = 0;
    while (settleSeconds > 0 && settled < resources) {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: settleSeconds + 2,
        }),
      );
      const messages = received.Messages ?? [];
      if (messages.length === 0) break;
      counter.start();
      await evaluate(
        {
          Records: messages.map((message) => ({
            messageId: message.MessageId ?? '',
            body: message.Body ?? '',
          })),
        },
        runtime,
      );
      counter.stop();
      keep();
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: messages.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
      settled += messages.length;
    }
    const sum = (test: (key: string) => boolean) =>
      [...tallies].filter(([key]) => test(key)).reduce((total, [, count]) => total + count, 0);
    return {
      events,
      describes,
      sends: sum((key) => key.startsWith('SQS Send')),
      dynamodbWrites: sum((key) => key.startsWith('DynamoDB') && isEvidenceOrStateWrite(key)),
      s3Puts: sum((key) => key === 'S3 PutObject'),
      alerts: sum((key) => key === 'SNS Publish'),
    };
  } finally {
    counter.stop();
    runtime.destroy();
    s3.destroy();
    sqs.destroy();
  }
}

function perEvent(value: number, events: number): string {
  return `${formatCount(value)} (${(value / events).toFixed(2)}/event)`;
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const resources = options.quick ? 5 : 25;
  options.log('starting moto and deploying the evidence bucket, state table and alert topic');
  const moto: MotoServer = await startMotoServer();
  try {
    const stack = await deployPipelineStack(moto.endpoint, { name: uniqueName('bench-settle') });
    const sqs = new SQSClient(awsClientConfig(moto.endpoint));
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('bench-settle-change') }));
    sqs.destroy();
    const queueUrl = queue.QueueUrl ?? '';
    const rows: BenchResult['rows'][number][] = [];
    for (const [label, seconds] of [
      ['settle off (0)', 0],
      [`settle on (${SETTLE_SECONDS} s)`, SETTLE_SECONDS],
    ] as const) {
      options.log(`${label}: ${resources} buckets × 6 calls`);
      const report = await pass(stack, queueUrl, resources, seconds);
      const on = seconds > 0;
      rows.push(
        {
          figure: `${label}: describes for ${formatCount(report.events)} events`,
          measured: perEvent(report.describes, report.events),
          ...(on ? { target: '1 per resource', ok: report.describes === resources } : {}),
        },
        { figure: `${label}: SQS sends`, measured: perEvent(report.sends, report.events) },
        {
          figure: `${label}: DynamoDB writes (markers + state)`,
          measured: perEvent(report.dynamodbWrites, report.events),
        },
        { figure: `${label}: evidence S3 puts`, measured: perEvent(report.s3Puts, report.events) },
        { figure: `${label}: alerts published`, measured: perEvent(report.alerts, report.events) },
      );
    }
    return {
      rows,
      notes: [
        `${resources} buckets, each created then configured in five calls (versioning, encryption, Block Public Access, a TLS-only policy, tags), the calls of all buckets interleaved; every bucket ends compliant with the four S3 rules enabled`,
        'counted: the evaluator handler only (the Terraform calls on moto are not counted); settle on includes the delayed describes drained from the change queue',
        'settle on, per window: one marker write per event, one SQS send and one marker delete per window, then the one describe and its state writes',
      ],
    };
  } finally {
    await moto.stop();
  }
}

/** Describes, SQS sends and DynamoDB writes per event for a Terraform-like burst, settle on vs off. */
export const settleSection: BenchSection = {
  name: 'settle',
  description:
    'settle and coalesce: describes, SQS sends and DynamoDB writes per CloudTrail event, on vs off',
  run,
};
