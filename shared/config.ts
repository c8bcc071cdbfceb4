import { z } from 'zod';
import { type AlertConfig, parseAlertConfig } from '#shared/alerts/alert-config';
import { DEFAULT_RETRY_SETTINGS, type RetrySettings } from '#shared/aws/client-settings';
import { VigilError } from '#shared/errors';
import { type OrganizationConfig, OrganizationEnvSchema } from '#shared/organization/organization-config';
import { parseRemediationConfig, type RemediationConfig } from '#shared/remediations/config';
import {
  SettleSecondsByTypeSchema,
  SettleSecondsSchema,
  type SettleSettings,
} from '#shared/settle/settle-config';

/** The process environment is missing a variable or holds one Vigil cannot read. */
export class ConfigError extends VigilError {
  override readonly name: string = 'ConfigError';
}

const booleanFromEnvSchema = z
  .enum(['true', 'false', '1', '0', 'TRUE', 'FALSE', 'True', 'False', ''])
  .optional()
  .transform((value) => (value === undefined || value === '' ? undefined : /^(true|1)$/i.test(value)));

const ruleParametersSchema = z
  .string()
  .optional()
  .transform((text, ctx): Record<string, Record<string, unknown>> => {
    if (text === undefined || text.trim() === '') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'RULE_PARAMETERS is not valid JSON' });
      return z.NEVER;
    }
    const shape = z.record(z.string(), z.record(z.string(), z.unknown())).safeParse(parsed);
    if (!shape.success) {
      ctx.addIssue({ code: 'custom', message: 'RULE_PARAMETERS must be {"<ruleId>": {"<param>": value}}' });
      return z.NEVER;
    }
    return shape.data;
  });

const ruleListSchema = z
  .string()
  .optional()
  .transform((text) => {
    const ids = (text ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    return ids.length === 0 ? undefined : ids;
  });

/** The environment variables Vigil's Lambda functions read (only the CDK construct sets them). */
export const VigilEnvSchema = z.object({
  EVIDENCE_BUCKET: z.string().min(3),
  STATE_TABLE: z.string().min(1),
  ALERT_TOPIC_ARN: z.string().startsWith('arn:'),
  EVIDENCE_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(400),
  POWERTOOLS_SERVICE_NAME: z.string().min(1).default('vigil'),
  POWERTOOLS_METRICS_NAMESPACE: z.string().min(1).default('Vigil'),
  RULE_PARAMETERS: ruleParametersSchema,
  ENABLED_RULES: ruleListSchema,
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** SDK v3 honours it on its own; read here only to decide S3 path-style addressing. */
  AWS_ENDPOINT_URL: z.string().url().optional(),
  S3_FORCE_PATH_STYLE: booleanFromEnvSchema,
  /** How many resources the sweep reads and evaluates at once. */
  SWEEP_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * Where the sweep and inventory-reading rules get resources: the Config recorder, or the service APIs
   * (for accounts without a recorder).
   */
  INVENTORY_SOURCE: z.enum(['config', 'describe', 'aggregator']).default('config'),
  /** The AWS Config aggregator the sweep reads with `INVENTORY_SOURCE=aggregator` (central account). */
  CONFIG_AGGREGATOR_NAME: z.string().optional(),
  /** The FIFO queue the sweep planner sends shard pages to and the sweep worker reads. */
  SWEEP_QUEUE_URL: z.string().url().optional(),
  /** Resources one sweep page holds (one worker invocation judges at most this many). */
  SWEEP_PAGE_SIZE: z.coerce.number().int().min(1).max(100).default(100),
  /**
   * Pages of one account and service judged at once across workers (FIFO message groups per account and
   * service); with `SWEEP_CONCURRENCY` calls per page it bounds the calls in flight against one service API.
   */
  SWEEP_PAGES_PER_SERVICE: z.coerce.number().int().min(1).max(20).default(2),
  /** The account this deployment monitors; events about any other account are rejected (unset = every account). */
  ACCOUNT_ID: z
    .string()
    .regex(/^\d{12}$/)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /**
   * The change queue (standard SQS) the evaluator reads; settled describes are sent there, delayed. Unset,
   * CloudTrail calls are described at once whatever `SETTLE_SECONDS` says (CLI, tests).
   */
  CHANGE_QUEUE_URL: z.string().url().optional(),
  /** Seconds a CloudTrail-triggered describe waits for its resource to settle (0 = at once; at most 900). */
  SETTLE_SECONDS: SettleSecondsSchema,
  /** Per-type settle periods, JSON: `{"AWS::S3::Bucket": 120, "AWS::IAM::User": 0}`. */
  SETTLE_SECONDS_BY_TYPE: SettleSecondsByTypeSchema,
  /** Attempts per AWS call, the first included (the SDK's own variable name). */
  AWS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(DEFAULT_RETRY_SETTINGS.maxAttempts),
  /** The SDK retry mode (the SDK's own variable name). */
  AWS_RETRY_MODE: z.enum(['standard', 'adaptive']).default(DEFAULT_RETRY_SETTINGS.retryMode),
});

/** Where the sweep and inventory-reading rules get resources. */
export type InventorySourceName = 'config' | 'describe' | 'aggregator';

/** Typed, validated settings of a Vigil function. */
export interface VigilConfig {
  readonly evidenceBucket: string;
  readonly stateTable: string;
  readonly alertTopicArn: string;
  readonly evidenceRetentionDays: number;
  readonly serviceName: string;
  readonly metricsNamespace: string;
  /** Per rule id, parameter overrides (as AWS Config `ruleParameters` would give them). */
  readonly ruleParameters: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Rule ids to run; `undefined` runs the whole catalog. */
  readonly enabledRules: readonly string[] | undefined;
  readonly region: string;
  readonly endpointUrl: string | undefined;
  /** Path-style S3 addressing: explicit `S3_FORCE_PATH_STYLE`, else on whenever a custom endpoint is set. */
  readonly s3ForcePathStyle: boolean;
  readonly sweepConcurrency: number;
  readonly inventorySource: InventorySourceName;
  /** The Config aggregator read with `inventorySource: 'aggregator'`. */
  readonly aggregatorName: string | undefined;
  /** The sweep's shard queue; absent, a sweep runs in-process (CLI, tests). */
  readonly sweepQueueUrl: string | undefined;
  readonly sweepPageSize: number;
  readonly sweepPagesPerService: number;
  /** Organization mode: member accounts reached by assuming a role; absent in single-account mode. */
  readonly organization: OrganizationConfig | undefined;
  /** Auto-remediation settings (`REMEDIATION_*`); absent in hand-built configurations: no remediation. */
  readonly remediation?: RemediationConfig;
  /** Alert channels and filters (`SLACK_WEBHOOK_SECRET_ID`, `ALERT_MIN_SEVERITY`, `ALERT_RULES_*`, …). */
  readonly alerts: AlertConfig;
  /** The monitored account; `undefined` accepts events of any account. */
  readonly accountId: string | undefined;
  /** How SDK clients retry and time out. */
  readonly retry: RetrySettings;
  /** The change queue settled describes are sent to; absent (hand-built configurations): no settling. */
  readonly changeQueueUrl?: string;
  /** Settle periods of CloudTrail-triggered describes; absent: described at once. */
  readonly settle?: SettleSettings;
}

/**
 * Parses an environment into Vigil's settings.
 * @throws ConfigError naming every variable that is missing or malformed.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): VigilConfig {
  const parsed = VigilEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`, {
      cause: parsed.error,
      context: { variables: parsed.error.issues.map((issue) => issue.path.join('.')) },
    });
  }
  const value = parsed.data;
  const organization = OrganizationEnvSchema.safeParse(env);
  const problems = [
    ...(organization.success
      ? []
      : organization.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    ...(value.INVENTORY_SOURCE === 'aggregator' && !value.CONFIG_AGGREGATOR_NAME
      ? ['CONFIG_AGGREGATOR_NAME: required with INVENTORY_SOURCE=aggregator']
      : []),
  ];
  if (problems.length > 0)
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`, {
      context: { variables: problems.map((problem) => problem.split(':')[0]) },
    });
  return {
    evidenceBucket: value.EVIDENCE_BUCKET,
    stateTable: value.STATE_TABLE,
    alertTopicArn: value.ALERT_TOPIC_ARN,
    evidenceRetentionDays: value.EVIDENCE_RETENTION_DAYS,
    serviceName: value.POWERTOOLS_SERVICE_NAME,
    metricsNamespace: value.POWERTOOLS_METRICS_NAMESPACE,
    ruleParameters: value.RULE_PARAMETERS,
    enabledRules: value.ENABLED_RULES,
    region: value.AWS_REGION,
    endpointUrl: value.AWS_ENDPOINT_URL,
    s3ForcePathStyle: value.S3_FORCE_PATH_STYLE ?? value.AWS_ENDPOINT_URL !== undefined,
    sweepConcurrency: value.SWEEP_CONCURRENCY,
    inventorySource: value.INVENTORY_SOURCE,
    aggregatorName: value.CONFIG_AGGREGATOR_NAME || undefined,
    sweepQueueUrl: value.SWEEP_QUEUE_URL,
    sweepPageSize: value.SWEEP_PAGE_SIZE,
    sweepPagesPerService: value.SWEEP_PAGES_PER_SERVICE,
    organization: organization.success ? organization.data : undefined,
    remediation: parseRemediationConfig(env),
    alerts: parseAlertConfig(env),
    accountId: value.ACCOUNT_ID,
    retry: {
      ...DEFAULT_RETRY_SETTINGS,
      maxAttempts: value.AWS_MAX_ATTEMPTS,
      retryMode: value.AWS_RETRY_MODE,
    },
    ...(value.CHANGE_QUEUE_URL === undefined ? {} : { changeQueueUrl: value.CHANGE_QUEUE_URL }),
    settle: { defaultSeconds: value.SETTLE_SECONDS, byType: value.SETTLE_SECONDS_BY_TYPE },
  };
}

let cached: VigilConfig | undefined;

/** The settings of this container, parsed from `process.env` on first use and kept for its lifetime. */
export function loadConfig(): VigilConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Powertools settings, readable before the full configuration (the logger and metrics exist at import). */
export function observabilitySettings(env: Readonly<Record<string, string | undefined>> = process.env): {
  readonly serviceName: string;
  readonly metricsNamespace: string;
} {
  return {
    serviceName: env.POWERTOOLS_SERVICE_NAME || 'vigil',
    metricsNamespace: env.POWERTOOLS_METRICS_NAMESPACE || 'Vigil',
  };
}
