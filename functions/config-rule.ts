import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { loadConfig } from '#shared/config';
import { createObservability, observeConfigRule } from '#shared/observability';
import {
  ConfigRuleInvocationError,
  type ConfigRuleOutcome,
  handleConfigRuleInvocation,
} from '#shared/pipeline/config-rule';
import { createRuntime, type Runtime } from '#shared/pipeline/runtime';

const observability = createObservability();
let runtime: Runtime | undefined;

function containerRuntime(): Runtime {
  runtime ??= createRuntime(loadConfig());
  return runtime;
}

/**
 * Handles an AWS Config custom rule invocation. Input no retry can fix is logged and counted, and the
 * invocation ends normally (so Lambda does not retry it); other failures throw to be retried.
 */
export async function evaluateConfigRule(
  event: unknown,
  deps: Runtime,
): Promise<ConfigRuleOutcome | undefined> {
  try {
    const outcome = await handleConfigRuleInvocation(event, deps);
    observeConfigRule(observability, outcome);
    return outcome;
  } catch (error) {
    if (!(error instanceof ConfigRuleInvocationError)) throw error;
    observability.metrics.addMetric('EventsRejected', 'Count', 1);
    observability.logger.error('Config rule invocation rejected', { error });
    return undefined;
  }
}

/** Lambda entry point of the Config custom rule. */
export const handler = middy(async (event: unknown, _context: Context): Promise<void> => {
  await evaluateConfigRule(event, containerRuntime());
})
  .use(injectLambdaContext(observability.logger))
  .use(logMetrics(observability.metrics, { captureColdStartMetric: true }));
