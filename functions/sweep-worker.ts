import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { z } from 'zod';
import { loadConfig } from '#shared/config';
import { invocationDeadline } from '#shared/invocation-deadline';
import { createObservability, observeSweepPage, observeSweepPageFailure } from '#shared/observability';
import { SweepPageSchema } from '#shared/sweep/shard';
import { retryDelaySeconds } from '#shared/sweep/sweep-queue';
import { createSweepRuntime, type SweepRuntime } from '#shared/sweep/sweep-runtime';
import { judgeSweepPage } from '#shared/sweep/worker';

const observability = createObservability();
let runtime: SweepRuntime | undefined;

function containerRuntime(): SweepRuntime {
  runtime ??= createSweepRuntime(loadConfig());
  return runtime;
}

const SqsEventSchema = z.object({
  Records: z
    .array(
      z.object({
        messageId: z.string(),
        body: z.string(),
        receiptHandle: z.string().optional(),
        attributes: z.object({ ApproximateReceiveCount: z.coerce.number().optional() }).loose().optional(),
      }),
    )
    .min(1),
});

function parsePage(body: string) {
  try {
    return SweepPageSchema.safeParse(JSON.parse(body));
  } catch {
    return SweepPageSchema.safeParse(undefined);
  }
}

/**
 * Judges the sweep pages of one SQS batch (the stack delivers one page per invocation), each at most a page
 * of resources of one shard. A page that fails is returned for retry alone (its attempt is recorded on its
 * shard); after the queue's receive limit it lands in the sweep dead-letter queue and its shard stays
 * incomplete, which `vigil sweep status` and the `SweepIncomplete` alarm show. A malformed message is kept
 * as rejected-input evidence and acknowledged: retrying cannot fix it.
 */
export async function judgeSweepPages(
  event: unknown,
  deps: SweepRuntime,
  remainingMs?: () => number,
): Promise<SQSBatchResponse> {
  const records = SqsEventSchema.parse(event).Records;
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of records) {
    const page = parsePage(record.body);
    if (!page.success) {
      const reason = `not a sweep page: ${page.error.issues[0]?.path.join('.') ?? ''} ${page.error.issues[0]?.message ?? ''}`;
      const stored = await deps.evidence.putRejectedInput(record.body, reason, deps.clock());
      observability.logger.error('rejected sweep message', {
        messageId: record.messageId,
        reason,
        storedAt: stored.key,
      });
      continue;
    }
    try {
      const deadline =
        remainingMs === undefined ? undefined : invocationDeadline(remainingMs, deps.config.retry, 2);
      observeSweepPage(observability, await judgeSweepPage(deps, page.data, deadline));
    } catch (error) {
      observeSweepPageFailure(observability, page.data, error);
      batchItemFailures.push({ itemIdentifier: record.messageId });
      if (record.receiptHandle !== undefined && deps.sweepQueue.retryAfter !== undefined) {
        const seconds = retryDelaySeconds(record.attributes?.ApproximateReceiveCount ?? 1);
        // Best effort: without it the page is retried after the queue's visibility timeout instead.
        await deps.sweepQueue.retryAfter(record.receiptHandle, seconds).catch((backOffError: unknown) =>
          observability.logger.warn('could not schedule the retry of a failed sweep page', {
            messageId: record.messageId,
            error: backOffError instanceof Error ? backOffError.message : String(backOffError),
          }),
        );
      }
    }
  }
  return { batchItemFailures };
}

/** Lambda entry point of the sweep worker (SQS FIFO event source with ReportBatchItemFailures). */
export const handler = middy((event: unknown, context: Context) =>
  judgeSweepPages(event, containerRuntime(), () => context.getRemainingTimeInMillis()),
)
  .use(injectLambdaContext(observability.logger))
  .use(logMetrics(observability.metrics, { captureColdStartMetric: true }));
