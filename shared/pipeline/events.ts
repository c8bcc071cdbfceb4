import { z } from 'zod';
import { type ConfigurationItem, normalizeConfigurationItem } from '#shared/config-item/configuration-item';
import {
  isSettledDescribeBody,
  type SettledDescribe,
  SettledDescribeSchema,
} from '#shared/settle/settled-describe';

/** EventBridge detail-type of AWS Config configuration item changes. */
export const CONFIG_CHANGE_DETAIL_TYPE = 'Config Configuration Item Change';

/** EventBridge detail-type of CloudTrail management events. */
export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** The EventBridge envelope around every event Vigil receives. */
export const EventBridgeEnvelopeSchema = z.object({
  id: z.string().min(1),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string().optional(),
  time: z.string().optional(),
  region: z.string().optional(),
  detail: z.unknown(),
});

/** The identity of a configuration item whose body AWS Config left out because it was too large. */
export const ConfigurationItemSummarySchema = z.object({
  awsAccountId: z.string().min(1),
  awsRegion: z.string().min(1),
  resourceType: z.string().min(1),
  resourceId: z.string().min(1),
  configurationItemCaptureTime: z.string().min(1),
  configurationItemStatus: z.string().optional(),
  resourceName: z.string().nullish(),
});

/** Where to fetch an oversized configuration item from. */
export interface OversizedItemRef {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly captureTime: string;
}

/** The fields of a CloudTrail record Vigil uses to find the resources an API call touched. */
export const CloudTrailRecordSchema = z.object({
  eventID: z.string().min(1),
  eventTime: z.string().min(1),
  eventSource: z.string().min(1),
  eventName: z.string().min(1),
  awsRegion: z.string().min(1),
  recipientAccountId: z.string().min(1).optional(),
  userIdentity: z.object({ accountId: z.string().optional() }).loose().optional(),
  readOnly: z.boolean().optional(),
  errorCode: z.string().optional(),
  requestParameters: z.record(z.string(), z.unknown()).nullish(),
  responseElements: z.record(z.string(), z.unknown()).nullish(),
});

/** A CloudTrail management event record (the `detail` of an "AWS API Call via CloudTrail" event). */
export type CloudTrailRecord = z.infer<typeof CloudTrailRecordSchema>;

/** What an incoming event asks the pipeline to do. */
export type PipelineInput =
  | { readonly kind: 'item'; readonly eventId: string; readonly item: ConfigurationItem }
  | { readonly kind: 'oversized'; readonly eventId: string; readonly ref: OversizedItemRef }
  | {
      readonly kind: 'cloudtrail';
      readonly eventId: string;
      readonly accountId: string;
      readonly record: CloudTrailRecord;
    }
  /** A settle window's delayed describe, sent by Vigil itself to its change queue. */
  | { readonly kind: 'settled'; readonly message: SettledDescribe }
  /** Well-formed but not for Vigil (another detail-type, a read-only or failed API call). */
  | { readonly kind: 'ignored'; readonly eventId?: string; readonly reason: string }
  /** Malformed: cannot be processed now or ever; kept as rejected-input evidence. */
  | { readonly kind: 'rejected'; readonly reason: string };

function issueText(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isoTime(text: string): string | undefined {
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** Classifies a parsed EventBridge event; never throws, whatever the input. */
export function parseEventBridgeEvent(raw: unknown): PipelineInput {
  const envelope = EventBridgeEnvelopeSchema.safeParse(raw);
  if (!envelope.success)
    return { kind: 'rejected', reason: `not an EventBridge event: ${issueText(envelope.error)}` };
  const event = envelope.data;
  const detailType = event['detail-type'];
  try {
    if (event.source === 'aws.config' && detailType === CONFIG_CHANGE_DETAIL_TYPE) {
      return parseConfigChangeDetail(event.id, event.detail);
    }
    if (detailType === CLOUDTRAIL_DETAIL_TYPE)
      return parseCloudTrailDetail(event.id, event.account, event.detail);
  } catch (error) {
    return { kind: 'rejected', reason: `${detailType}: ${messageOf(error)}` };
  }
  return { kind: 'ignored', eventId: event.id, reason: `unsupported event ${event.source} / ${detailType}` };
}

const ConfigChangeDetailSchema = z.object({
  messageType: z.string(),
  configurationItem: z.unknown().optional(),
  configurationItemSummary: z.unknown().optional(),
});

function parseConfigChangeDetail(eventId: string, detail: unknown): PipelineInput {
  const parsed = ConfigChangeDetailSchema.safeParse(detail);
  if (!parsed.success)
    return { kind: 'rejected', reason: `config change detail: ${issueText(parsed.error)}` };
  const { messageType } = parsed.data;
  if (messageType === 'ConfigurationItemChangeNotification') {
    return { kind: 'item', eventId, item: normalizeConfigurationItem(parsed.data.configurationItem) };
  }
  if (messageType === 'OversizedConfigurationItemChangeNotification') {
    const ref = parseOversizedSummary(parsed.data.configurationItemSummary);
    return typeof ref === 'string' ? { kind: 'rejected', reason: ref } : { kind: 'oversized', eventId, ref };
  }
  return { kind: 'ignored', eventId, reason: `config message type ${messageType}` };
}

/** Reads an oversized item's summary; returns the reason as a string when it is unusable. */
export function parseOversizedSummary(summary: unknown): OversizedItemRef | string {
  const parsed = ConfigurationItemSummarySchema.safeParse(summary);
  if (!parsed.success) return `oversized item summary: ${issueText(parsed.error)}`;
  const captureTime = isoTime(parsed.data.configurationItemCaptureTime);
  if (captureTime === undefined) return 'oversized item summary: configurationItemCaptureTime is not a time';
  return {
    accountId: parsed.data.awsAccountId,
    region: parsed.data.awsRegion,
    resourceType: parsed.data.resourceType,
    resourceId: parsed.data.resourceId,
    captureTime,
  };
}

function parseCloudTrailDetail(eventId: string, account: string | undefined, detail: unknown): PipelineInput {
  const parsed = CloudTrailRecordSchema.safeParse(detail);
  if (!parsed.success) return { kind: 'rejected', reason: `CloudTrail record: ${issueText(parsed.error)}` };
  const record = parsed.data;
  if (isoTime(record.eventTime) === undefined)
    return { kind: 'rejected', reason: 'CloudTrail eventTime is not a time' };
  if (record.errorCode !== undefined) {
    return { kind: 'ignored', eventId, reason: `${record.eventName} failed (${record.errorCode})` };
  }
  if (record.readOnly === true)
    return { kind: 'ignored', eventId, reason: `${record.eventName} is read-only` };
  const accountId = record.recipientAccountId ?? account ?? record.userIdentity?.accountId;
  if (accountId === undefined) return { kind: 'rejected', reason: 'CloudTrail event names no account' };
  return { kind: 'cloudtrail', eventId, accountId, record };
}

/**
 * Parses an SQS message body holding an EventBridge event, or a settled describe Vigil queued itself (a body
 * with a `vigil` field, which no EventBridge event has); never throws.
 */
export function parseQueuedEvent(body: string): PipelineInput {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { kind: 'rejected', reason: 'message body is not JSON' };
  }
  if (isSettledDescribeBody(raw)) {
    const settled = SettledDescribeSchema.safeParse(raw);
    return settled.success
      ? { kind: 'settled', message: settled.data }
      : { kind: 'rejected', reason: `settled describe: ${issueText(settled.error)}` };
  }
  return parseEventBridgeEvent(raw);
}
