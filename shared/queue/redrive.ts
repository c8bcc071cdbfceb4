import type { MessageQueue, OutgoingMessage, ReceivedMessage } from './message-queue';

/** Options of a redrive. */
export interface RedriveOptions {
  /** Stop after this many messages moved (default: until the source is empty). */
  readonly max?: number;
  /** How long received messages stay hidden while being copied (default 60 s); failed ones reappear after it. */
  readonly visibilityTimeoutSeconds?: number;
  /** Long-poll wait of each receive (default 1 s), so an empty answer means the queue is empty. */
  readonly waitSeconds?: number;
  /** Called after each batch, for progress output. */
  readonly onBatch?: (progress: RedriveReport) => void;
}

/** What a redrive did. */
export interface RedriveReport {
  readonly moved: number;
  /** Messages that could not be sent or deleted; they stay in (or reappear in) the source queue. */
  readonly failed: readonly { readonly messageId: string; readonly reason: string }[];
  readonly batches: number;
}

/**
 * Moves messages from `source` (a dead-letter queue) to `target` in batches of 10: receive, send copies
 * (body, attributes, FIFO group and deduplication ids), and delete from the source only the messages whose
 * send succeeded, so a failure at any step leaves the message in the source rather than losing it. A
 * message whose delete fails after its send succeeded is delivered twice, which the pipeline tolerates.
 */
export async function redrive(
  source: MessageQueue,
  target: MessageQueue,
  options: RedriveOptions = {},
): Promise<RedriveReport> {
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const failed: { messageId: string; reason: string }[] = [];
  let moved = 0;
  let batches = 0;
  while (moved < max) {
    const received = await source.receive({
      max: Math.min(10, max - moved),
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 60,
      waitSeconds: options.waitSeconds ?? 1,
    });
    if (received.length === 0) break;
    batches++;
    const byEntry = new Map<string, ReceivedMessage>(
      received.map((message, index) => [String(index), message]),
    );
    const copies: OutgoingMessage[] = [...byEntry].map(([id, message]) => ({
      id,
      body: message.body,
      attributes: message.attributes,
      ...(message.groupId === undefined ? {} : { groupId: message.groupId }),
      ...(message.deduplicationId === undefined ? {} : { deduplicationId: message.deduplicationId }),
    }));
    const sent = await target.sendBatch(copies);
    for (const failure of sent.failed) {
      failed.push({ messageId: byEntry.get(failure.id)?.messageId ?? failure.id, reason: failure.reason });
    }
    const toDelete = sent.succeeded.flatMap((id) => {
      const message = byEntry.get(id);
      return message === undefined ? [] : [message];
    });
    const deleted = await source.deleteBatch(toDelete);
    for (const failure of deleted.failed) {
      failed.push({
        messageId: failure.id,
        reason: `sent but not deleted from the source: ${failure.reason}`,
      });
    }
    moved += deleted.succeeded.length;
    options.onBatch?.({ moved, failed, batches });
    // Every message of the batch failed to send: the target is refusing; stop rather than spin.
    if (sent.succeeded.length === 0) break;
  }
  return { moved, failed, batches };
}
