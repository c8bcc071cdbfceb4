import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { parseApprovalConfig } from '#shared/approvals/config';
import { type ExpiryPass, expireApprovals } from '#shared/approvals/expire';
import { type ApprovalEndpointRuntime, createApprovalEndpointRuntime } from '#shared/approvals/runtime';
import { loadConfig } from '#shared/config';
import { createObservability } from '#shared/observability';

const observability = createObservability();
let runtime: ApprovalEndpointRuntime | undefined;

function containerRuntime(): ApprovalEndpointRuntime {
  runtime ??= createApprovalEndpointRuntime(loadConfig(), parseApprovalConfig(process.env));
  return runtime;
}

/** Records `expired` for every pending approval past its expiry (scheduled, hourly). */
export async function approvalExpiry(
  deps: ApprovalEndpointRuntime,
  functionName: string,
  invocationId?: string,
): Promise<ExpiryPass> {
  const pass = await expireApprovals({
    ...deps,
    ...(deps.slack === undefined ? {} : { slack: deps.slack }),
    actor: { function: functionName, ...(invocationId === undefined ? {} : { invocationId }) },
  });
  observability.logger.info('approval expiry pass', { pending: pass.pending, expired: pass.expired.length });
  observability.metrics.addMetric('ApprovalsExpired', MetricUnit.Count, pass.expired.length);
  return pass;
}

/** Lambda entry point of the approval expiry pass (EventBridge schedule). */
export const handler = middy((_event: unknown, context: Context) =>
  approvalExpiry(containerRuntime(), context.functionName, context.awsRequestId),
)
  .use(injectLambdaContext(observability.logger))
  .use(logMetrics(observability.metrics, { captureColdStartMetric: true }));
