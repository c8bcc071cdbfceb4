import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { STATE_PARTITION_KEY, STATE_SORT_KEY } from '#shared/state/compliance-state';
import { awsClientConfig, s3ClientConfig } from './moto';

/** The evidence bucket, state table and alert topic of one local Vigil deployment (plus a queue reading the topic). */
export interface PipelineStack {
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly table: string;
  readonly topicArn: string;
  readonly alertQueueUrl: string;
  readonly kmsKeyArn: string;
  readonly retentionDays: number;
}

/**
 * Creates what the CDK stack would: an Object Lock bucket (COMPLIANCE default retention, versioned,
 * KMS-encrypted, public access blocked), the state table (`pk`/`sk`, on demand), and a KMS-encrypted SNS
 * topic with an SQS queue subscribed so tests can read the alerts.
 */
export async function deployPipelineStack(
  endpoint: string,
  options: { readonly name: string; readonly retentionDays?: number },
): Promise<PipelineStack> {
  const config = awsClientConfig(endpoint);
  const s3 = new S3Client(s3ClientConfig(endpoint));
  const kms = new KMSClient(config);
  const dynamodb = new DynamoDBClient(config);
  const sns = new SNSClient(config);
  const sqs = new SQSClient(config);
  const retentionDays = options.retentionDays ?? 400;
  try {
    const key = await kms.send(new CreateKeyCommand({ Description: `${options.name} evidence and alerts` }));
    const kmsKeyArn = key.KeyMetadata?.Arn ?? '';
    const bucket = `${options.name}-evidence`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    // moto (like S3 before the first object) accepts the default retention only on an empty bucket.
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: bucket,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: retentionDays } },
        },
      }),
    );
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kmsKeyArn },
              BucketKeyEnabled: true,
            },
          ],
        },
      }),
    );
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
    const table = `${options.name}-state`;
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: STATE_PARTITION_KEY, AttributeType: 'S' },
          { AttributeName: STATE_SORT_KEY, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: STATE_PARTITION_KEY, KeyType: 'HASH' },
          { AttributeName: STATE_SORT_KEY, KeyType: 'RANGE' },
        ],
      }),
    );
    const topic = await sns.send(
      new CreateTopicCommand({ Name: `${options.name}-alerts`, Attributes: { KmsMasterKeyId: kmsKeyArn } }),
    );
    const topicArn = topic.TopicArn ?? '';
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: `${options.name}-alert-inbox` }));
    const alertQueueUrl = queue.QueueUrl ?? '';
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: alertQueueUrl, AttributeNames: ['QueueArn'] }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: attributes.Attributes?.QueueArn ?? '',
      }),
    );
    return {
      endpoint,
      region: config.region,
      bucket,
      table,
      topicArn,
      alertQueueUrl,
      kmsKeyArn,
      retentionDays,
    };
  } finally {
    for (const client of [s3, kms, dynamodb, sns, sqs]) client.destroy();
  }
}

/** The environment a Vigil function of this stack runs with (SDK clients pointed at moto). */
export function pipelineEnv(stack: PipelineStack): Record<string, string> {
  const { credentials } = awsClientConfig(stack.endpoint);
  return {
    AWS_ENDPOINT_URL: stack.endpoint,
    AWS_REGION: stack.region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    EVIDENCE_BUCKET: stack.bucket,
    STATE_TABLE: stack.table,
    ALERT_TOPIC_ARN: stack.topicArn,
    EVIDENCE_RETENTION_DAYS: String(stack.retentionDays),
    INVENTORY_SOURCE: 'describe',
    POWERTOOLS_SERVICE_NAME: 'vigil',
    POWERTOOLS_METRICS_NAMESPACE: 'Vigil',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
}

/** An SNS notification as an SQS subscriber receives it (raw delivery off). */
export interface ReceivedAlert {
  readonly subject: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** Reads (and deletes) every alert waiting in the stack's alert queue. */
export async function drainAlerts(stack: PipelineStack): Promise<ReceivedAlert[]> {
  const sqs = new SQSClient(awsClientConfig(stack.endpoint));
  const alerts: ReceivedAlert[] = [];
  try {
    for (;;) {
      const response = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: stack.alertQueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
        }),
      );
      const messages: Message[] = response.Messages ?? [];
      if (messages.length === 0) return alerts;
      for (const message of messages) {
        const envelope = JSON.parse(message.Body ?? '{}') as {
          Subject?: string;
          Message?: string;
          MessageAttributes?: Record<string, { Value?: string }>;
        };
        alerts.push({
          subject: envelope.Subject ?? '',
          message: envelope.Message ?? '',
          attributes: Object.fromEntries(
            Object.entries(envelope.MessageAttributes ?? {}).map(([name, value]) => [
              name,
              value.Value ?? '',
            ]),
          ),
        });
      }
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: stack.alertQueueUrl,
          Entries: messages.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle ?? '',
          })),
        }),
      );
    }
  } finally {
    sqs.destroy();
  }
}
