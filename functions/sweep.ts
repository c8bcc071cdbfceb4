import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { loadConfig } from '#shared/config';
import { invocationDeadline } from '#shared/invocation-deadline';
import { createObservability, observeSweep } from '#shared/observability';
import { PipelineError } from '#shared/pipeline/errors';
import { createRuntime, type Runtime } from '#shared/pipeline/runtime';
import { runSweep, type SweepReport } from '#shared/pipeline/sweep';

const observability = createObservability();
let runtime: Runtime | undefined;

function containerRuntime(): Runtime {
  runtime ??= createRuntime(loadConfig());
  return runtime;
}

/** The parts of an EventBridge Scheduler / scheduled rule event the sweep reads. */
const ScheduledEventSchema = z.object({
  account: z.string().regex(/^\d{12}$/),
  region: z.string().min(1).optional(),
});

/** The account the function runs in, from its ARN (`arn:aws:lambda:<region>:<account>:function:<name>`). */
function accountOfContext(context: Pick<Context, 'invokedFunctionArn'> | undefined): string | undefined {
  return context?.invokedFunctionArn?.split(':')[4] || undefined;
}

/**
 * Re-evaluates every recorded resource of the account (plus its account item) and reports the totals. With
 * `remainingMs` (the Lambda context's clock) it stops starting reads and evaluations while two worst-case
 * SDK calls and a margin are left, and reports what it did not reach as failures instead of timing out.
 */
export async function sweep(
  event: unknown,
  deps: Runtime,
  context?: Pick<Context, 'invokedFunctionArn'>,
  remainingMs?: () => number,
): Promise<SweepReport> {
  const scheduled = ScheduledEventSchema.safeParse(event);
  const accountId = scheduled.success ? scheduled.data.account : accountOfContext(context);
  if (accountId === undefined)
    throw new PipelineError(
      'sweep: cannot tell the account id (no scheduled event account, no function ARN)',
    );
  const report = await runSweep(deps, {
    accountId,
    region: deps.region,
    concurrency: deps.config.sweepConcurrency,
    source: deps.config.inventorySource === 'describe' ? 'describe' : 'config',
    // After a check, the started read or evaluation may hang one whole call, and the chunk's evidence
    // write another.
    ...(remainingMs === undefined ? {} : { deadline: invocationDeadline(remainingMs, deps.config.retry, 2) }),
  });
  observeSweep(observability, report);
  return report;
}

/** Lambda entry point of the scheduled sweep. */
export const handler = middy((event: unknown, context: Context) =>
  sweep(event, containerRuntime(), context, () => context.getRemainingTimeInMillis()),
)
  .use(injectLambdaContext(observability.logger))
  .use(logMetrics(observability.metrics, { captureColdStartMetric: true }));
