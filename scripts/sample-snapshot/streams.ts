import { configurationItem, type RawConfigurationItem } from './envelope';

function ordersEvents(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::Kinesis::Stream',
    resourceId: 'orders-events',
    resourceName: 'orders-events',
    arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/orders-events',
    captureTime: '2026-11-20T08:15:02.331Z',
    createdAt: '2025-04-02T11:20:31.000Z',
    availabilityZone: 'Regional',
    tags: {
      team: 'orders',
    },
    configuration: {
      Name: 'orders-events',
      Arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/orders-events',
      RetentionPeriodHours: 168,
      ShardCount: 4,
      StreamEncryption: {
        EncryptionType: 'KMS',
        KeyId: 'arn:aws:kms:us-east-1:123456789012:key/a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9',
      },
      StreamModeDetails: {
        StreamMode: 'PROVISIONED',
      },
    },
  });
}

function clickstreamRaw(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::Kinesis::Stream',
    resourceId: 'clickstream-raw',
    resourceName: 'clickstream-raw',
    arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/clickstream-raw',
    captureTime: '2026-11-21T16:40:12.908Z',
    createdAt: '2026-02-17T09:03:44.000Z',
    availabilityZone: 'Regional',
    tags: {
      team: 'analytics',
    },
    configuration: {
      Name: 'clickstream-raw',
      Arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/clickstream-raw',
      RetentionPeriodHours: 24,
      ShardCount: 2,
      StreamModeDetails: {
        StreamMode: 'ON_DEMAND',
      },
    },
  });
}

function paymentsSettlement(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::SQS::Queue',
    resourceId: 'https://sqs.us-east-1.amazonaws.com/123456789012/payments-settlement',
    resourceName: 'payments-settlement',
    arn: 'arn:aws:sqs:us-east-1:123456789012:payments-settlement',
    captureTime: '2026-11-20T09:12:44.310Z',
    createdAt: '2024-04-02T10:00:00.000Z',
    tags: {
      team: 'payments',
    },
    configuration: {
      QueueArn: 'arn:aws:sqs:us-east-1:123456789012:payments-settlement',
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
      CreatedTimestamp: '1712051200',
      LastModifiedTimestamp: '1712051200',
      VisibilityTimeout: '30',
      MaximumMessageSize: '262144',
      MessageRetentionPeriod: '345600',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      KmsMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:key/a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9',
      KmsDataKeyReusePeriodSeconds: '300',
      SqsManagedSseEnabled: 'false',
      RedrivePolicy:
        '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:payments-settlement-dlq","maxReceiveCount":5}',
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/payments-settlement',
      QueueName: 'payments-settlement',
    },
  });
}

function thumbnailJobs(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::SQS::Queue',
    resourceId: 'https://sqs.us-east-1.amazonaws.com/123456789012/thumbnail-jobs',
    resourceName: 'thumbnail-jobs',
    arn: 'arn:aws:sqs:us-east-1:123456789012:thumbnail-jobs',
    captureTime: '2026-11-21T11:02:10.021Z',
    createdAt: '2025-01-01T10:00:00.000Z',
    tags: {
      team: 'media',
    },
    configuration: {
      QueueArn: 'arn:aws:sqs:us-east-1:123456789012:thumbnail-jobs',
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
      CreatedTimestamp: '1735725600',
      LastModifiedTimestamp: '1735725600',
      VisibilityTimeout: '30',
      MaximumMessageSize: '262144',
      MessageRetentionPeriod: '345600',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      SqsManagedSseEnabled: 'true',
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/thumbnail-jobs',
      QueueName: 'thumbnail-jobs',
    },
  });
}

function legacyWebhooks(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::SQS::Queue',
    resourceId: 'https://sqs.us-east-1.amazonaws.com/123456789012/legacy-webhooks',
    resourceName: 'legacy-webhooks',
    arn: 'arn:aws:sqs:us-east-1:123456789012:legacy-webhooks',
    captureTime: '2026-11-21T12:30:00.500Z',
    createdAt: '2021-09-01T00:00:00.000Z',
    tags: {
      team: 'integrations',
    },
    configuration: {
      QueueArn: 'arn:aws:sqs:us-east-1:123456789012:legacy-webhooks',
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
      CreatedTimestamp: '1630454400',
      LastModifiedTimestamp: '1630454400',
      VisibilityTimeout: '30',
      MaximumMessageSize: '262144',
      MessageRetentionPeriod: '345600',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      SqsManagedSseEnabled: 'false',
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/legacy-webhooks',
      QueueName: 'legacy-webhooks',
    },
  });
}

/** Kinesis data streams and SQS queues. */
export function streamResources(): RawConfigurationItem[] {
  return [ordersEvents(), clickstreamRaw(), paymentsSettlement(), thumbnailJobs(), legacyWebhooks()];
}
