import type { SweepPage } from './shard';

/** Where sweep pages wait for a worker (an SQS FIFO queue in the stack, a list in tests). */
export interface SweepQueue {
  /** Queues pages; resolves once every page is accepted, throws when any was refused. */
  send(pages: readonly SweepPage[]): Promise<void>;
  /**
   * Makes a received page visible again after `seconds` instead of the queue's whole visibility timeout
   * (six times the worker's timeout), so a failed page is retried soon, with backoff, without blocking its
   * message group for half an hour.
   */
  retryAfter?(receiptHandle: string, seconds: number): Promise<void>;
}

/** Seconds before a failed page is retried: 30 s, doubling with each receive, at most 15 minutes. */
export function retryDelaySeconds(receiveCount: number): number {
  return Math.min(900, 30 * 2 ** Math.max(0, receiveCount - 1));
}
