import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { parseApprovalConfig } from '#shared/approvals/config';
import type { FunctionUrlResponse } from '#shared/approvals/function-url';
import { type ApprovalEndpointRuntime, createApprovalEndpointRuntime } from '#shared/approvals/runtime';
import { handleSlackInteraction } from '#shared/approvals/slack-endpoint';
import { loadConfig } from '#shared/config';
import { createObservability } from '#shared/observability';

const observability = createObservability();
let runtime: ApprovalEndpointRuntime | undefined;

/** The container's approval runtime, built from the environment on first use. */
function containerRuntime(): ApprovalEndpointRuntime {
  runtime ??= createApprovalEndpointRuntime(loadConfig(), parseApprovalConfig(process.env));
  return runtime;
}

/**
 * Answers one Slack interaction (function URL, auth NONE: the Slack signature authenticates). Requests that
 * fail the signature check are logged and counted (`ApprovalRequestsUnsigned`) and change nothing.
 */
export async function approvalSlack(
  event: unknown,
  deps: ApprovalEndpointRuntime,
  functionName: string,
  invocationId?: string,
): Promise<FunctionUrlResponse> {
  const { logger, metrics } = observability;
  if (deps.signingSecretId === undefined) {
    logger.error('SLACK_SIGNING_SECRET_ID is not set; refusing every Slack request');
    return { statusCode: 503, headers: {}, body: '' };
  }
  const { response, outcome } = await handleSlackInteraction(event, {
    ...deps,
    signingSecretId: deps.signingSecretId,
    actor: { function: functionName, ...(invocationId === undefined ? {} : { invocationId }) },
  });
  if (outcome.kind === 'rejected') {
    logger.warn('Slack request rejected', { problem: outcome.problem, detail: outcome.detail });
    metrics.addMetric(
      outcome.problem === 'bad-signature' || outcome.problem === 'missing-headers'
        ? 'ApprovalRequestsUnsigned'
        : 'ApprovalRequestsUnreadable',
      MetricUnit.Count,
      1,
    );
  } else {
    logger.info('approval decision', {
      result: outcome.result.status,
      replay: outcome.replay,
      stale: outcome.stale,
      ...(outcome.result.status === 'recorded'
        ? { outcome: outcome.result.outcome, reason: outcome.result.reason, evidenceKey: outcome.result.key }
        : {}),
    });
    metrics.addMetric(
      `Approval_${outcome.result.status === 'recorded' ? outcome.result.outcome : outcome.result.status}`,
      MetricUnit.Count,
      1,
    );
  }
  return response;
}

/** Lambda entry point of the Slack interactivity endpoint (function URL). */
export const handler = middy((event: unknown, context: Context) =>
  approvalSlack(event, containerRuntime(), context.functionName, context.awsRequestId),
)
  .use(injectLambdaContext(observability.logger))
  .use(logMetrics(observability.metrics, { captureColdStartMetric: true }));
