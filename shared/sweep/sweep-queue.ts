import type { SweepPage } from './shard';

/** Where sweep pages wait for a worker (an SQS FIFO queue in the stack, a list in tests). */
export interface SweepQueue {
  /** Queues pages; resolves once every page is accepted, throws when any was refused. */
  send(pages: readonly SweepPage[]): Promise<void>;
}
