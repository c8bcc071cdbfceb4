import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { z } from 'zod';
import { sdkRetryConfig } from '#shared/aws/client-settings';
import type { VigilConfig } from '#shared/config';
import {
  CONFIGURATION_ITEM_STATUSES,
  type ConfigurationItem,
  ResourceIdentitySchema,
  resourceIdentityOf,
} from '#shared/config-item/configuration-item';
import type { RemediationConfig } from './config';
import { RemediationError } from './errors';
import { isRemediable } from './remediable-rules';
import type { RemediationClientSettings } from './runtime';
import { createToggles, type ToggleSource } from './toggles';

/** SQS refuses bodies over 256 KiB; the item is left out of requests that would come close. */
const MAX_ITEM_BYTES = 200 * 1024;

/** A normalized configuration item as it travels in a request (the pipeline's own shape, as JSON). */
export const QueuedItemSchema = z.object({
  accountId: z.string().min(1),
  region: z.string().min(1),
  resourceType: z.string().min(1),
  resourceId: z.string().min(1),
  resourceName: z.string().optional(),
  arn: z.string().optional(),
  captureTime: z.string(),
  status: z.enum(CONFIGURATION_ITEM_STATUSES),
  configuration: z.record(z.string(), z.unknown()).nullable(),
  supplementaryConfiguration: z.record(z.string(), z.unknown()),
  tags: z.record(z.string(), z.string()),
  relationships: z.array(
    z.object({
      name: z.string(),
      resourceType: z.string(),
      resourceId: z.string().optional(),
      resourceName: z.string().optional(),
    }),
  ),
});

/** The message the pipeline sends to the remediation queue when a remediable rule starts failing. */
export const RemediationRequestSchema = z.object({
  version: z.literal(1),
  requestId: z.string().min(1),
  ruleId: z.string().min(1),
  resource: ResourceIdentitySchema,
  /** The finding that failed and what triggered its evaluation. */
  trigger: z.object({
    source: z.string(),
    findingKey: z.string().optional(),
    findingHash: z.string().optional(),
    eventId: z.string().optional(),
    captureTime: z.string(),
  }),
  requestedAt: z.iso.datetime(),
  /** The evaluated item, used when the resource type cannot be described through its service API. */
  configurationItem: QueuedItemSchema.optional(),
});

/** A request to remediate one rule on one resource. */
export type RemediationRequest = z.infer<typeof RemediationRequestSchema>;

/**
 * Why a failure is handed over: a `new-failure` (any toggle but `off`), or a failure the scheduled sweep
 * found `still-failing` (only with the toggle `on`: fixing what was already broken when the rule was
 * switched on, or what a failed attempt left; a dry run already planned it once).
 */
export type RemediationReason = 'new-failure' | 'still-failing';

/** The pipeline's port to ask for a remediation; absent when the deployment has no remediation queue. */
export interface RemediationRequester {
  /** Whether this failure of this rule should be handed to the remediation function. */
  wants(ruleId: string, reason: RemediationReason): Promise<boolean>;
  /** Hands one request over; throws when it could not be. */
  request(request: RemediationRequest): Promise<void>;
}

/** The remediation queue refused a request. */
export class RemediationQueueError extends RemediationError {
  override readonly name: string = 'RemediationQueueError';
}

/** A request for an evaluated item: the item travels with it when it fits in the message. */
export function buildRemediationRequest(options: {
  readonly requestId: string;
  readonly ruleId: string;
  readonly item: ConfigurationItem;
  readonly source: string;
  readonly eventId?: string;
  readonly findingKey?: string;
  readonly findingHash?: string;
  readonly requestedAt: Date;
}): RemediationRequest {
  const { item } = options;
  const itemJson = JSON.stringify(item);
  return {
    version: 1,
    requestId: options.requestId,
    ruleId: options.ruleId,
    resource: resourceIdentityOf(item),
    trigger: {
      source: options.source,
      captureTime: item.captureTime,
      ...(options.findingKey === undefined ? {} : { findingKey: options.findingKey }),
      ...(options.findingHash === undefined ? {} : { findingHash: options.findingHash }),
      ...(options.eventId === undefined ? {} : { eventId: options.eventId }),
    },
    requestedAt: options.requestedAt.toISOString(),
    ...(Buffer.byteLength(itemJson, 'utf8') > MAX_ITEM_BYTES
      ? {}
      : { configurationItem: QueuedItemSchema.parse(JSON.parse(itemJson)) }),
  };
}

/** Metric counted each time the remediation toggles could not be read (the request then falls back). */
export const TOGGLE_READ_FAILED_METRIC = 'RemediationToggleReadFailed';

/** Where the requester reports a toggle it could not read: Powertools' `Logger` and `Metrics` fit. */
export interface RequesterObservability {
  readonly logger: Pick<Logger, 'warn'>;
  readonly metrics: { addMetric(name: string, unit: typeof MetricUnit.Count, value: number): unknown };
}

/**
 * Sends requests to the remediation SQS queue (`REMEDIATION_QUEUE_URL`), only for rules that have a
 * remediation and whose toggle is not `off` (read through the same toggles the remediation function uses).
 */
export class SqsRemediationRequester implements RemediationRequester {
  readonly #client: () => Promise<SQSClient>;
  readonly #queueUrl: string;
  readonly #toggles: ToggleSource;
  readonly #observability: RequesterObservability | undefined;

  /** `client` is asked for on the first request: the evaluator loads the SQS SDK only when it queues one. */
  constructor(options: {
    readonly client: () => Promise<SQSClient>;
    readonly queueUrl: string;
    readonly toggles: ToggleSource;
    /** Where a toggle read failure is logged and counted. */
    readonly observability?: RequesterObservability;
  }) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
    this.#toggles = options.toggles;
    this.#observability = options.observability;
  }

  /**
   * When the toggles cannot be read, a new failure of a remediable rule is asked for anyway: recording
   * findings must not depend on SSM, and the remediation function checks the toggle again (and fails
   * closed) before acting. A still-failing one is not: the next sweep asks again. Either way the failure
   * is logged (`remediation toggle unreadable`) and counted ({@link TOGGLE_READ_FAILED_METRIC}).
   */
  async wants(ruleId: string, reason: RemediationReason): Promise<boolean> {
    if (!isRemediable(ruleId)) return false;
    try {
      const mode = await this.#toggles.modeOf(ruleId);
      return reason === 'new-failure' ? mode !== 'off' : mode === 'on';
    } catch (error) {
      const requested = reason === 'new-failure';
      this.#observability?.logger.warn('remediation toggle unreadable', {
        ruleId,
        reason,
        requested,
        error: error instanceof Error ? error : String(error),
      });
      this.#observability?.metrics.addMetric(TOGGLE_READ_FAILED_METRIC, MetricUnit.Count, 1);
      return requested;
    }
  }

  async request(request: RemediationRequest): Promise<void> {
    try {
      const [{ SendMessageCommand }, client] = await Promise.all([
        import('@aws-sdk/client-sqs'),
        this.#client(),
      ]);
      await client.send(
        new SendMessageCommand({
          QueueUrl: this.#queueUrl,
          MessageBody: JSON.stringify(request),
          MessageAttributes: { ruleId: { DataType: 'String', StringValue: request.ruleId } },
        }),
      );
    } catch (error) {
      throw new RemediationQueueError(
        `cannot queue remediation of ${request.ruleId} on ${request.resource.resourceId}`,
        {
          cause: error,
          context: { ruleId: request.ruleId, resourceId: request.resource.resourceId },
        },
      );
    }
  }
}

/**
 * The evaluator's remediation port for a configuration: `undefined` without `REMEDIATION_QUEUE_URL`
 * (no auto-remediation), else an SQS requester that asks only for rules whose toggle is not off.
 */
export function createRemediationRequester(
  config: VigilConfig,
  remediation: RemediationConfig,
  settings: RemediationClientSettings = {},
  observability: RequesterObservability = {
    logger: new Logger({ serviceName: config.serviceName }),
    // Published as it is counted: the function's own Metrics instance is not reachable from here.
    metrics: new Metrics({
      namespace: config.metricsNamespace,
      serviceName: config.serviceName,
    }).singleMetric(),
  },
): (RemediationRequester & { destroy(): void }) | undefined {
  if (remediation.queueUrl === undefined) return undefined;
  const common = {
    ...sdkRetryConfig(config.retry),
    region: settings.region ?? config.region,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
  };
  // Loaded on first use: most evaluations queue nothing, and the evaluator's cold start should not pay for it.
  let sqsClient: SQSClient | undefined;
  let ssmClient: SSMClient | undefined;
  const sqs = async (): Promise<SQSClient> => {
    sqsClient ??= new (await import('@aws-sdk/client-sqs')).SQSClient(common);
    return sqsClient;
  };
  const ssm = async (): Promise<SSMClient> => {
    ssmClient ??= new (await import('@aws-sdk/client-ssm')).SSMClient(common);
    return ssmClient;
  };
  const requester = new SqsRemediationRequester({
    client: sqs,
    queueUrl: remediation.queueUrl,
    toggles: createToggles(remediation, ssm),
    observability,
  });
  return {
    wants: (ruleId, reason) => requester.wants(ruleId, reason),
    request: (request) => requester.request(request),
    destroy: () => {
      sqsClient?.destroy();
      ssmClient?.destroy();
    },
  };
}
