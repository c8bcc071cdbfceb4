import { randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { CONFIG_CHANGE_DETAIL_TYPE } from '#shared/pipeline/events';

/** The account the reliability tests and the load run pretend to monitor. */
export const TOPIC_ACCOUNT = '123456789012';

/** The region of every generated item. */
export const TOPIC_REGION = 'us-east-1';

/** The one rule that judges SNS topics; enabling only it keeps one evaluation per event. */
export const TOPIC_RULE = 'sns-encrypted-kms';

/** A configuration item of an SNS topic in the Config notification shape. */
export interface TopicItem extends Record<string, unknown> {
  readonly awsAccountId: string;
  readonly awsRegion: string;
  readonly resourceId: string;
  readonly configurationItemCaptureTime: string;
}

/** An SNS topic's item: encrypted with a KMS key (COMPLIANT) or not (NON_COMPLIANT). */
export function topicItem(options: {
  readonly name: string;
  readonly captureTime: string;
  readonly encrypted: boolean;
  readonly accountId?: string;
}): TopicItem {
  const accountId = options.accountId ?? TOPIC_ACCOUNT;
  const arn = `arn:aws:sns:${TOPIC_REGION}:${accountId}:${options.name}`;
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: options.captureTime,
    configurationStateId: Date.parse(options.captureTime),
    awsAccountId: accountId,
    configurationItemStatus: 'OK',
    resourceType: 'AWS::SNS::Topic',
    resourceId: arn,
    resourceName: options.name,
    ARN: arn,
    awsRegion: TOPIC_REGION,
    availabilityZone: 'Not Applicable',
    resourceCreationTime: '2025-05-30T08:17:44.000Z',
    configurationStateMd5Hash: '',
    tags: {},
    relatedEvents: [],
    relationships: [],
    configuration: {
      TopicArn: arn,
      DisplayName: options.name,
      Owner: accountId,
      ...(options.encrypted ? { KmsMasterKeyId: 'alias/aws/sns' } : {}),
    },
    supplementaryConfiguration: {},
  };
}

/** The EventBridge `Config Configuration Item Change` event around an item. */
export function configChangeEventOf(item: TopicItem, id: string = randomUUID()): Record<string, unknown> {
  return {
    version: '0',
    id,
    'detail-type': CONFIG_CHANGE_DETAIL_TYPE,
    source: 'aws.config',
    account: item.awsAccountId,
    time: item.configurationItemCaptureTime,
    region: item.awsRegion,
    resources: [item.resourceId],
    detail: {
      recordVersion: '1.3',
      messageType: 'ConfigurationItemChangeNotification',
      configurationItemDiff: { changedProperties: {}, changeType: 'UPDATE' },
      notificationCreationTime: item.configurationItemCaptureTime,
      configurationItem: item,
    },
  };
}

/** One SQS record as Lambda's SQS event source delivers it. */
export function sqsRecord(body: string, messageId: string = randomUUID()): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${TOPIC_REGION}:${TOPIC_ACCOUNT}:vigil-events`,
    awsRegion: TOPIC_REGION,
  };
}

/** An SQS event (a Lambda batch) holding these bodies. */
export function sqsEventOf(bodies: readonly string[]): SQSEvent {
  return { Records: bodies.map((body) => sqsRecord(body)) };
}
