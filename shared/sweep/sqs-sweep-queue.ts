import type { MessageQueue } from '#shared/queue/message-queue';
import { QueueError } from '#shared/queue/message-queue';
import { deduplicationIdOf, messageGroupOf } from './shard';
import type { SweepQueue } from './sweep-queue';

/** Entries SQS takes in one SendMessageBatch call. */
const SEND_BATCH_LIMIT = 10;
/** Times entries SQS refused are sent again before giving up. */
const RESEND_ATTEMPTS = 3;

/**
 * Sweep pages on an SQS FIFO queue: grouped per account and service (`groupsPerService` groups each, so
 * that many pages of one service API are judged at once) and deduplicated by sweep, shard and page.
 */
export function fifoSweepQueue(queue: MessageQueue, groupsPerService: number): SweepQueue {
  return {
    async send(pages) {
      for (let index = 0; index < pages.length; index += SEND_BATCH_LIMIT) {
        let batch = pages.slice(index, index + SEND_BATCH_LIMIT).map((page, position) => ({
          id: String(position),
          body: JSON.stringify(page),
          groupId: messageGroupOf(page, groupsPerService),
          deduplicationId: deduplicationIdOf(page),
        }));
        for (let attempt = 1; batch.length > 0; attempt++) {
          const result = await queue.sendBatch(batch);
          const failed = new Set(result.failed.map((entry) => entry.id));
          if (failed.size === 0) break;
          if (attempt === RESEND_ATTEMPTS) {
            throw new QueueError(
              `the sweep queue refused ${failed.size} page(s): ${result.failed[0]?.reason ?? ''}`,
              { context: { failed: [...failed] } },
            );
          }
          batch = batch.filter((entry) => failed.has(entry.id));
        }
      }
    },
  };
}
