/**
 * Scheduled daily digest: summarizes every open failure of the state table by SOC 2 criterion and posts it
 * to the alert topic (SNS) and, when configured, Slack.
 *
 * Wiring (for the CDK construct):
 * - Trigger: a schedule, e.g. EventBridge `cron(0 8 * * ? *)`; the event is ignored.
 * - Environment: `STATE_TABLE` (state table name), `ALERT_TOPIC_ARN`, optional `SLACK_WEBHOOK_SECRET_ID`
 *   (name or ARN of the secret holding the webhook URL, never the URL), optional filters
 *   `ALERT_MIN_SEVERITY`, `ALERT_RULES_INCLUDE`, `ALERT_RULES_EXCLUDE` and their `SLACK_`/`SNS_`-prefixed
 *   per-channel forms (the same variables as the evaluator), optional `DIGEST_SCAN_SEGMENTS` (default 1),
 *   `POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_METRICS_NAMESPACE`.
 * - Permissions: `dynamodb:Scan` on the state table; `sns:Publish` on the topic (plus `kms:GenerateDataKey*`
 *   and `kms:Decrypt` on its key); `secretsmanager:GetSecretValue` on the Slack secret (plus `kms:Decrypt`
 *   when it uses a customer managed key). No write access to anything else.
 * - SNS: the digest carries message attributes `messageType` = `DAILY_DIGEST` and `openFailures`, and no
 *   `severity`/`rule`, so subscriptions filtering on alert attributes do not receive it.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type DailyDigestDeps, type DigestOutcome, sendDailyDigest } from '#shared/alerts/daily-digest';
import {
  createDailyDigestRuntime,
  type DailyDigestRuntime,
  parseDailyDigestConfig,
} from '#shared/alerts/daily-digest-runtime';
import { NotifierError } from '#shared/alerts/errors';
import { createObservability } from '#shared/observability';

const observability = createObservability();
let runtime: DailyDigestRuntime | undefined;

function containerRuntime(): DailyDigestRuntime {
  runtime ??= createDailyDigestRuntime(parseDailyDigestConfig(process.env), { log: observability.logger });
  return runtime;
}

/** What one digest run did. */
export interface DailyDigestReport {
  readonly openFailures: number;
  readonly criteria: number;
  readonly malformedRows: number;
  readonly channels: readonly { readonly channel: string; readonly status: DigestOutcome['status'] }[];
}

/** No channel took the digest; the scheduler's retry may (nothing was sent, so no duplicate). */
export class DigestDeliveryError extends NotifierError {
  override readonly name: string = 'DigestDeliveryError';
}

/**
 * Builds and sends the digest. A channel that fails is logged and counted; the run throws (to be retried)
 * only when no channel took the digest, so a retry never sends a second copy.
 * @throws DigestDeliveryError when every channel failed; StateStoreError when the table cannot be read.
 */
export async function dailyDigest(_event: unknown, deps: DailyDigestDeps): Promise<DailyDigestReport> {
  const { logger, metrics } = observability;
  const { digest, outcomes } = await sendDailyDigest(deps);
  metrics.addMetric('DigestOpenFailures', MetricUnit.Count, digest.total);
  for (const outcome of outcomes) {
    if (outcome.status === 'failed') {
      metrics.addMetric('DigestDeliveryFailures', MetricUnit.Count, 1);
      logger.error('daily digest not delivered', {
        channel: outcome.channel,
        retryable: outcome.retryable,
        error: outcome.error instanceof Error ? outcome.error : String(outcome.error),
      });
    }
  }
  if (digest.malformedRows > 0)
    logger.warn('state rows skipped by the digest', { rows: digest.malformedRows });
  const report: DailyDigestReport = {
    openFailures: digest.total,
    criteria: digest.criteria.length,
    malformedRows: digest.malformedRows,
    channels: outcomes.map((outcome) => ({ channel: outcome.channel, status: outcome.status })),
  };
  logger.info('daily digest sent', { ...report });
  if (outcomes.length > 0 && outcomes.every((outcome) => outcome.status === 'failed')) {
    throw new DigestDeliveryError('no channel took the daily digest', {
      context: { channels: outcomes.map((outcome) => outcome.channel) },
    });
  }
  return report;
}

/** Lambda entry point of the scheduled daily digest. */
export const handler = middy((event: unknown, _context: Context) => dailyDigest(event, containerRuntime()))
  .use(injectLambdaContext(observability.logger))
  .use(logMetrics(observability.metrics, { captureColdStartMetric: true }));
