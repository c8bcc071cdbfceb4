import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { loadConfig } from '#shared/config';
import { createObservability, observeSweepPlan } from '#shared/observability';
import { PipelineError } from '#shared/pipeline/errors';
import { type PlannedSweep, planSweep, sweepIdOf } from '#shared/sweep/planner';
import { createSweepRuntime, type SweepRuntime } from '#shared/sweep/sweep-runtime';

const observability = createObservability();
let runtime: SweepRuntime | undefined;

function containerRuntime(): SweepRuntime {
  runtime ??= createSweepRuntime(loadConfig());
  return runtime;
}

/** The parts of an EventBridge Scheduler / scheduled rule event the planner reads. */
const ScheduledEventSchema = z.object({
  id: z.string().min(1).optional(),
  account: z.string().regex(/^\d{12}$/),
  time: z.iso.datetime().optional(),
});

/** The account the function runs in, from its ARN (`arn:aws:lambda:<region>:<account>:function:<name>`). */
function accountOfContext(context: Pick<Context, 'invokedFunctionArn'> | undefined): string | undefined {
  return context?.invokedFunctionArn?.split(':')[4] || undefined;
}

/**
 * Plans a sweep: enumerates (account, region, type) shards of every swept account (the member accounts in
 * an organization) and queues them for the sweep workers; lists and judges nothing itself. A retried
 * schedule event plans the same sweep id again (its pages are deduplicated by the FIFO queue). Reports
 * whether the previous sweep completed (metric `SweepIncomplete`).
 */
export async function sweep(
  event: unknown,
  deps: SweepRuntime,
  context?: Pick<Context, 'invokedFunctionArn' | 'awsRequestId'>,
): Promise<PlannedSweep> {
  const scheduled = ScheduledEventSchema.safeParse(event);
  const ownAccount = scheduled.success ? scheduled.data.account : accountOfContext(context);
  if (ownAccount === undefined)
    throw new PipelineError(
      'sweep: cannot tell the account id (no scheduled event account, no function ARN)',
    );
  const startedAt =
    scheduled.success && scheduled.data.time !== undefined ? new Date(scheduled.data.time) : deps.clock();
  const eventId = (scheduled.success ? scheduled.data.id : undefined) ?? context?.awsRequestId ?? 'manual';
  const planned = await planSweep(deps, {
    sweepId: sweepIdOf(startedAt, eventId),
    startedAt: startedAt.toISOString(),
    source: deps.config.inventorySource,
    accounts: await deps.accounts(ownAccount),
    regions: deps.regions,
    resourceTypes: [...new Set(deps.engine.rules.flatMap((rule) => rule.resourceTypes))],
  });
  observeSweepPlan(observability, planned);
  return planned;
}

/** Lambda entry point of the scheduled sweep planner. */
export const handler = middy((event: unknown, context: Context) => sweep(event, containerRuntime(), context))
  .use(injectLambdaContext(observability.logger))
  .use(logMetrics(observability.metrics, { captureColdStartMetric: true }));
