import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { z } from 'zod';
import { loadConfig } from '#shared/config';
import { VigilError } from '#shared/errors';
import { type InvocationDeadline, invocationDeadline } from '#shared/invocation-deadline';
import { createObservability } from '#shared/observability';
import { processRemediationMessages } from '#shared/remediations/batch';
import { parseRemediationConfig } from '#shared/remediations/config';
import { createRemediationRuntime, type RemediationRuntime } from '#shared/remediations/runtime';

const observability = createObservability();
let runtime: RemediationRuntime | undefined;

/** The container's remediation runtime, built from the environment on first use and reused afterwards. */
function containerRuntime(): RemediationRuntime {
  runtime ??= createRemediationRuntime(loadConfig(), parseRemediationConfig(process.env));
  return runtime;
}

const SqsEventSchema = z.object({
  Records: z.array(z.object({ messageId: z.string(), body: z.string() })),
});

/**
 * Runs one SQS batch of remediation requests and returns the messages to retry (ReportBatchItemFailures).
 * An event that is not an SQS batch is logged and acknowledged: retrying cannot fix it.
 */
export async function remediate(
  event: unknown,
  deps: RemediationRuntime,
  invocationId?: string,
  deadline?: InvocationDeadline,
): Promise<SQSBatchResponse> {
  const { logger, metrics } = observability;
  const sqs = SqsEventSchema.safeParse(event);
  if (!sqs.success) {
    logger.error('not an SQS event', { issues: sqs.error.issues.slice(0, 3) });
    return { batchItemFailures: [] };
  }
  const { batchItemFailures, outcomes } = await processRemediationMessages(
    sqs.data.Records,
    {
      ...deps,
      actor: { function: deps.functionName, ...(invocationId === undefined ? {} : { invocationId }) },
    },
    deadline,
  );
  for (const outcome of outcomes) {
    switch (outcome.status) {
      case 'done': {
        const { result, request } = outcome;
        const context = {
          messageId: outcome.messageId,
          ruleId: request.ruleId,
          resourceId: request.resource.resourceId,
        };
        if (result.status === 'skipped') {
          logger.info('remediation skipped', { ...context, reason: result.reason });
          metrics.addMetric('RemediationsSkipped', MetricUnit.Count, 1);
        } else {
          const log =
            result.outcome === 'failed' || result.outcome === 'rate-limited' ? logger.warn : logger.info;
          log.call(logger, 'remediation recorded', {
            ...context,
            outcome: result.outcome,
            reason: result.record.reason,
            evidenceKey: result.key,
          });
          if (result.alertError !== undefined)
            logger.error('remediation alert not sent', { ...context, error: result.alertError });
          metrics.addMetric(`Remediation_${result.outcome}`, MetricUnit.Count, 1);
        }
        break;
      }
      case 'ignored':
        logger.info('approval decision ignored', { messageId: outcome.messageId, reason: outcome.reason });
        break;
      case 'unreadable':
        logger.error('remediation request unreadable; dropped', {
          messageId: outcome.messageId,
          reason: outcome.reason,
        });
        metrics.addMetric('RemediationRequestsRejected', MetricUnit.Count, 1);
        break;
      case 'failed':
        logger.error('remediation failed; will retry', {
          messageId: outcome.messageId,
          error: outcome.error as Error,
          ...(outcome.error instanceof VigilError ? { context: outcome.error.context } : {}),
        });
        metrics.addMetric('RemediationRetries', MetricUnit.Count, 1);
        break;
      default: {
        const never: never = outcome;
        return never;
      }
    }
  }
  return { batchItemFailures };
}

/** Lambda entry point of the remediation function (SQS event source with ReportBatchItemFailures). */
export const handler = middy((event: unknown, context: Context) =>
  remediate(
    event,
    containerRuntime(),
    context.awsRequestId,
    // After the check a remediation may hang on its write call, the re-read, the record and the alert.
    invocationDeadline(() => context.getRemainingTimeInMillis(), loadConfig().retry, 4),
  ),
)
  .use(injectLambdaContext(observability.logger))
  .use(logMetrics(observability.metrics, { captureColdStartMetric: true }));
