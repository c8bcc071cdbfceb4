import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { z } from 'zod';
import { loadConfig } from '#shared/config';
import { invocationDeadline } from '#shared/invocation-deadline';
import { createObservability, observeInput, observeMessages } from '#shared/observability';
import { parseEventBridgeEvent } from '#shared/pipeline/events';
import { createRuntime, type Runtime } from '#shared/pipeline/runtime';
import { handlePipelineInput, processQueuedMessages } from '#shared/pipeline/triggers';

const observability = createObservability();
let runtime: Runtime | undefined;

/** The container's runtime, built from the environment on first use and reused afterwards. */
function containerRuntime(): Runtime {
  runtime ??= createRuntime(loadConfig());
  return runtime;
}

const SqsEventSchema = z.object({
  Records: z.array(z.object({ messageId: z.string(), body: z.string() })).min(1),
});

/**
 * Evaluates one SQS batch of EventBridge events (Config item changes, oversized item changes, CloudTrail
 * API calls) and returns the messages to retry; a direct EventBridge event is accepted too, and throws to
 * be retried when it fails. With `remainingMs` (the Lambda context's clock), a message starts only while
 * two worst-case SDK calls and a margin are left, so a stalled AWS endpoint costs the unstarted messages a
 * retry instead of timing out the whole batch.
 */
export async function evaluate(
  event: unknown,
  deps: Runtime,
  remainingMs?: () => number,
): Promise<SQSBatchResponse> {
  const sqs = SqsEventSchema.safeParse(event);
  if (sqs.success) {
    // After the check, the message may hang one whole call before it fails, and the evidence write another.
    const deadline =
      remainingMs === undefined ? undefined : invocationDeadline(remainingMs, deps.config.retry, 2);
    const { batchItemFailures, outcomes } = await processQueuedMessages(sqs.data.Records, deps, deadline);
    observeMessages(observability, outcomes);
    return { batchItemFailures };
  }
  let outcome = await handlePipelineInput(parseEventBridgeEvent(event), deps);
  if (outcome.status === 'rejected') {
    const stored = await deps.evidence.putRejectedInput(
      JSON.stringify(event) ?? 'undefined',
      outcome.reason,
      deps.clock(),
    );
    outcome = { ...outcome, storedAt: stored.key };
  }
  observeInput(observability, outcome);
  return { batchItemFailures: [] };
}

/** Lambda entry point of the evaluator (SQS event source with ReportBatchItemFailures). */
export const handler = middy((event: unknown, context: Context) =>
  evaluate(event, containerRuntime(), () => context.getRemainingTimeInMillis()),
)
  .use(injectLambdaContext(observability.logger))
  .use(logMetrics(observability.metrics, { captureColdStartMetric: true }));
