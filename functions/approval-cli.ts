import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { handleCliApproval } from '#shared/approvals/cli-endpoint';
import { parseApprovalConfig } from '#shared/approvals/config';
import type { FunctionUrlResponse } from '#shared/approvals/function-url';
import { type ApprovalEndpointRuntime, createApprovalEndpointRuntime } from '#shared/approvals/runtime';
import { loadConfig } from '#shared/config';
import { createObservability } from '#shared/observability';

const observability = createObservability();
let runtime: ApprovalEndpointRuntime | undefined;

function containerRuntime(): ApprovalEndpointRuntime {
  runtime ??= createApprovalEndpointRuntime(loadConfig(), parseApprovalConfig(process.env));
  return runtime;
}

/** Answers `vigil remediation approve|reject|list` (function URL with AWS_IAM auth: the caller is the approver). */
export async function approvalCli(
  event: unknown,
  deps: ApprovalEndpointRuntime,
  functionName: string,
  invocationId?: string,
): Promise<FunctionUrlResponse> {
  const { response, result } = await handleCliApproval(event, {
    ...deps,
    actor: { function: functionName, ...(invocationId === undefined ? {} : { invocationId }) },
  });
  observability.logger.info('CLI approval request', { status: response.statusCode, result: result?.status });
  return response;
}

/** Lambda entry point of the CLI approval endpoint (function URL, AWS_IAM auth). */
export const handler = middy((event: unknown, context: Context) =>
  approvalCli(event, containerRuntime(), context.functionName, context.awsRequestId),
)
  .use(injectLambdaContext(observability.logger))
  .use(logMetrics(observability.metrics, { captureColdStartMetric: true }));
