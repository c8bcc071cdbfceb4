import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { cachedRegister } from '#shared/acceptances/lookup';
import { DynamoDbRegisterStore } from '#shared/acceptances/register-store';
import { sdkRetryConfig } from '#shared/aws/client-settings';
import { soc2Criteria } from '#shared/frameworks/soc2';
import { ruleCatalog } from '#shared/rules/registry';
import { SecretsManagerSecretReader } from '#shared/secrets/secrets-manager-reader';
import { DynamoDbOpenFailureSource } from '#shared/state/open-failures';
import { type AlertConfig, parseAlertConfig } from './alert-config';
import { createSlackWebhook } from './channels';
import type { DailyDigestDeps, DigestPublisher } from './daily-digest';
import { SlackDigestPublisher, SnsDigestPublisher } from './digest-publishers';
import { AlertPolicyError } from './errors';

/**
 * The variables the daily digest function reads besides the alert ones (`SLACK_WEBHOOK_SECRET_ID`,
 * `ALERT_MIN_SEVERITY`, `ALERT_RULES_INCLUDE`/`_EXCLUDE` and their `SLACK_`/`SNS_` forms).
 */
export const DailyDigestEnvSchema = z.object({
  STATE_TABLE: z.string().min(1),
  ALERT_TOPIC_ARN: z.string().startsWith('arn:'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Parallel Scan segments of the state table (raise for tables of many thousand rows). */
  DIGEST_SCAN_SEGMENTS: z.coerce.number().int().min(1).max(64).default(1),
});

/** Typed settings of the daily digest function. */
export interface DailyDigestConfig {
  readonly stateTable: string;
  readonly alertTopicArn: string;
  readonly region: string;
  readonly scanSegments: number;
  readonly alerts: AlertConfig;
}

/**
 * Parses the daily digest function's environment.
 * @throws AlertPolicyError naming every missing or malformed variable (never echoing a value).
 */
export function parseDailyDigestConfig(env: Readonly<Record<string, string | undefined>>): DailyDigestConfig {
  const parsed = DailyDigestEnvSchema.safeParse(env);
  if (!parsed.success) {
    const variables = parsed.error.issues.map((issue) => String(issue.path[0]));
    throw new AlertPolicyError(`invalid daily digest environment: ${variables.join(', ')}`, {
      context: { variables },
    });
  }
  return {
    stateTable: parsed.data.STATE_TABLE,
    alertTopicArn: parsed.data.ALERT_TOPIC_ARN,
    region: parsed.data.AWS_REGION,
    scanSegments: parsed.data.DIGEST_SCAN_SEGMENTS,
    alerts: parseAlertConfig(env),
  };
}

/** Explicit client settings (local endpoints in tests); unset, the SDK reads the Lambda environment. */
export interface DigestClientSettings {
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** The digest's ports, built once per container, and a way to stop their clients. */
export interface DailyDigestRuntime extends DailyDigestDeps {
  destroy(): void;
}

/**
 * Builds the digest's ports: open failures from the state table, the SNS topic, and Slack when configured
 * (webhook URL from Secrets Manager), each channel with its alert filters.
 */
export function createDailyDigestRuntime(
  config: DailyDigestConfig,
  options: DigestClientSettings & { readonly log?: Pick<Logger, 'warn'> } = {},
): DailyDigestRuntime {
  const common = {
    ...sdkRetryConfig(),
    region: config.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  };
  const dynamodb = new DynamoDBClient(common);
  const sns = new SNSClient(common);
  const clients: { destroy(): void }[] = [dynamodb, sns];
  const publishers: DigestPublisher[] = [
    new SnsDigestPublisher({ client: sns, topicArn: config.alertTopicArn }),
  ];
  const secretId = config.alerts.slackWebhookSecretId;
  if (secretId !== undefined) {
    const secretsClient = new SecretsManagerClient(common);
    clients.push(secretsClient);
    const webhook = createSlackWebhook({
      sns: { client: sns, topicArn: config.alertTopicArn },
      slack: { secrets: new SecretsManagerSecretReader({ client: secretsClient }), secretId },
      ...(options.log === undefined ? {} : { log: options.log }),
    });
    if (webhook !== undefined) publishers.push(new SlackDigestPublisher({ webhook }));
  }
  return {
    source: new DynamoDbOpenFailureSource({
      client: dynamodb,
      table: config.stateTable,
      segments: config.scanSegments,
    }),
    catalog: ruleCatalog().map((rule) => ({ ...rule, soc2: soc2Criteria(rule.id) })),
    acceptances: cachedRegister(new DynamoDbRegisterStore({ client: dynamodb, table: config.stateTable })),
    publishers,
    clock: () => new Date(),
    policies: config.alerts.policies,
    destroy: () => {
      for (const client of clients) client.destroy();
    },
  };
}
