import { randomUUID } from 'node:crypto';
import { CLOUDTRAIL_DETAIL_TYPE, CONFIG_CHANGE_DETAIL_TYPE } from '#shared/pipeline/events';

/**
 * Builders of real-shaped trigger payloads (EventBridge events, the SQS batch around them, Config rule
 * invocations) for local runs against moto, which never emits Config or CloudTrail events itself.
 */

/** An EventBridge event as the evaluator's queue delivers it. */
export interface EventBridgeEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
}

/** A `Config Configuration Item Change` event around a configuration item in the notification shape. */
export function configChangeEvent(
  configurationItem: Record<string, unknown> & {
    readonly awsAccountId: string;
    readonly awsRegion: string;
    readonly configurationItemCaptureTime: string;
  },
  options: { readonly changeType?: 'CREATE' | 'UPDATE' | 'DELETE'; readonly id?: string } = {},
): EventBridgeEvent {
  return {
    version: '0',
    id: options.id ?? randomUUID(),
    'detail-type': CONFIG_CHANGE_DETAIL_TYPE,
    source: 'aws.config',
    account: configurationItem.awsAccountId,
    time: configurationItem.configurationItemCaptureTime,
    region: configurationItem.awsRegion,
    resources: typeof configurationItem.ARN === 'string' ? [configurationItem.ARN] : [],
    detail: {
      recordVersion: '1.3',
      messageType: 'ConfigurationItemChangeNotification',
      configurationItemDiff: { changedProperties: {}, changeType: options.changeType ?? 'UPDATE' },
      notificationCreationTime: configurationItem.configurationItemCaptureTime,
      configurationItem,
    },
  };
}

/** What AWS Config says of an item too large for the event (`OversizedConfigurationItemChangeNotification`). */
export interface OversizedSummary {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName?: string;
  readonly captureTime: string;
}

/** An oversized Config change event: only the item's summary and where Config delivered the full item. */
export function oversizedChangeEvent(
  summary: OversizedSummary,
  options: { readonly id?: string } = {},
): EventBridgeEvent {
  return {
    version: '0',
    id: options.id ?? randomUUID(),
    'detail-type': CONFIG_CHANGE_DETAIL_TYPE,
    source: 'aws.config',
    account: summary.accountId,
    time: summary.captureTime,
    region: summary.region,
    resources: [],
    detail: {
      recordVersion: '1.3',
      messageType: 'OversizedConfigurationItemChangeNotification',
      notificationCreationTime: summary.captureTime,
      configurationItemSummary: {
        changeType: 'UPDATE',
        configurationItemVersion: '1.3',
        configurationItemCaptureTime: summary.captureTime,
        configurationStateId: Date.parse(summary.captureTime),
        awsAccountId: summary.accountId,
        configurationItemStatus: 'OK',
        resourceType: summary.resourceType,
        resourceId: summary.resourceId,
        resourceName: summary.resourceName ?? summary.resourceId,
        ARN: `arn:aws:config:${summary.region}:${summary.accountId}:${summary.resourceType}/${summary.resourceId}`,
        awsRegion: summary.region,
        availabilityZone: 'Not Applicable',
        configurationStateMd5Hash: '',
      },
      s3DeliverySummary: { s3BucketLocation: 'config-oversized-items/ConfigWritabilityCheckFile' },
    },
  };
}

/** One write API call as CloudTrail records it. */
export interface CloudTrailCall {
  /** The service host, e.g. `s3.amazonaws.com`. */
  readonly eventSource: string;
  readonly eventName: string;
  readonly accountId: string;
  readonly region: string;
  readonly requestParameters?: Record<string, unknown> | null;
  readonly responseElements?: Record<string, unknown> | null;
  readonly eventTime?: string;
  readonly errorCode?: string;
}

/** An `AWS API Call via CloudTrail` event whose detail is a CloudTrail management event record. */
export function cloudTrailEvent(
  call: CloudTrailCall,
  options: { readonly id?: string } = {},
): EventBridgeEvent {
  const time = call.eventTime ?? new Date().toISOString();
  const service = call.eventSource.split('.')[0] ?? call.eventSource;
  return {
    version: '0',
    id: options.id ?? randomUUID(),
    'detail-type': CLOUDTRAIL_DETAIL_TYPE,
    source: `aws.${service}`,
    account: call.accountId,
    time,
    region: call.region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLEID:platform-engineer',
        arn: `arn:aws:sts::${call.accountId}:assumed-role/platform-engineer/session`,
        accountId: call.accountId,
      },
      eventTime: time,
      eventSource: call.eventSource,
      eventName: call.eventName,
      awsRegion: call.region,
      sourceIPAddress: '203.0.113.10',
      userAgent: 'aws-cli/2.17.0',
      requestParameters: call.requestParameters ?? null,
      responseElements: call.responseElements ?? null,
      ...(call.errorCode === undefined ? {} : { errorCode: call.errorCode }),
      requestID: randomUUID(),
      eventID: randomUUID(),
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: call.accountId,
      eventCategory: 'Management',
    },
  };
}

/** The SQS event a Lambda receives from a queue holding EventBridge events (one record per event). */
export function sqsBatch(
  events: readonly unknown[],
  options: { readonly region?: string; readonly accountId?: string } = {},
): { readonly Records: readonly Record<string, unknown>[] } {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  return {
    Records: events.map((event) => {
      const body = JSON.stringify(event);
      return {
        messageId: randomUUID(),
        receiptHandle: `AQEB${randomUUID().replace(/-/g, '')}`,
        body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: 'AIDAEVENTBRIDGE',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${region}:${accountId}:vigil-events`,
        awsRegion: region,
      };
    }),
  };
}

/** The event AWS Config sends a custom Lambda rule for a configuration item change. */
export function configRuleInvocation(options: {
  readonly configurationItem: Record<string, unknown> & { readonly awsAccountId: string };
  readonly configRuleName: string;
  readonly resultToken: string;
  readonly ruleParameters?: Record<string, unknown>;
  readonly eventLeftScope?: boolean;
}): Record<string, unknown> {
  const accountId = options.configurationItem.awsAccountId;
  return {
    version: '1.0',
    invokingEvent: JSON.stringify({
      configurationItemDiff: null,
      configurationItem: options.configurationItem,
      notificationCreationTime: new Date().toISOString(),
      messageType: 'ConfigurationItemChangeNotification',
      recordVersion: '1.3',
    }),
    ruleParameters: JSON.stringify(options.ruleParameters ?? {}),
    resultToken: options.resultToken,
    eventLeftScope: options.eventLeftScope ?? false,
    executionRoleArn: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    configRuleArn: `arn:aws:config:us-east-1:${accountId}:config-rule/config-rule-${randomUUID().slice(0, 6)}`,
    configRuleName: options.configRuleName,
    configRuleId: `config-rule-${randomUUID().slice(0, 6)}`,
    accountId,
  };
}
