/**
 * Scheduled risk-acceptance expiry job (hourly): warns each acceptance's owner once, seven days before it
 * expires, and closes each acceptance that expired or was revoked, alerting again every resource it muted
 * that is still failing (see docs/acceptances.md).
 *
 * Wiring (for the CDK construct):
 * - Trigger: a schedule, `rate(1 hour)`; the event is ignored.
 * - Environment: the pipeline's (`EVIDENCE_BUCKET`, `STATE_TABLE`, `ALERT_TOPIC_ARN`, optional Slack and
 *   alert filter variables, `EVIDENCE_RETENTION_DAYS`).
 * - Permissions: `dynamodb:Query`, `dynamodb:PutItem` on the `ACCEPTANCES` partition and `dynamodb:Scan` of
 *   the state table (open failures, only in runs that close something); `s3:PutObject`,
 *   `s3:PutObjectRetention`, `s3:GetObject` on `acceptances/*`; `sns:Publish` on the topic; the Slack secret.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { AcceptanceError } from '#shared/acceptances/acceptance';
import { type ExpiryDeps, type ExpiryReport, runAcceptanceExpiry } from '#shared/acceptances/expiry';
import { createExpiryRuntime, type ExpiryRuntime } from '#shared/acceptances/expiry-runtime';
import { loadConfig } from '#shared/config';
import { createObservability } from '#shared/observability';

const observability = createObservability();
let runtime: ExpiryRuntime | undefined;

function containerRuntime(): ExpiryRuntime {
  runtime ??= createExpiryRuntime(loadConfig(), {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'acceptance-expiry',
  });
  return runtime;
}

/**
 * Runs the expiry job once; acceptances it could not handle are logged and retried on the next run.
 * @throws AcceptanceError when none of several acceptances due could be handled (so the scheduler retries).
 */
export async function acceptanceExpiry(_event: unknown, deps: ExpiryDeps): Promise<ExpiryReport> {
  const { logger, metrics } = observability;
  const report = await runAcceptanceExpiry(deps);
  metrics.addMetric('AcceptancesWarned', MetricUnit.Count, report.warned.length);
  metrics.addMetric('AcceptancesLapsed', MetricUnit.Count, report.lapsed.length);
  metrics.addMetric('AcceptanceExpiryFailures', MetricUnit.Count, report.failed.length);
  for (const failure of report.failed) logger.error('acceptance not handled', { ...failure });
  logger.info('acceptance expiry run', {
    warned: report.warned,
    lapsed: report.lapsed,
    failed: report.failed.length,
  });
  if (report.failed.length > 0 && report.warned.length === 0 && report.lapsed.length === 0) {
    throw new AcceptanceError('no acceptance due could be handled', { context: { failed: report.failed } });
  }
  return report;
}

/** Lambda entry point of the hourly acceptance expiry job. */
export const handler = middy((event: unknown, _context: Context) =>
  acceptanceExpiry(event, containerRuntime()),
)
  .use(injectLambdaContext(observability.logger))
  .use(logMetrics(observability.metrics, { captureColdStartMetric: true }));
