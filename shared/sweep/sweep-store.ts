import type { SweepShard } from './shard';

/** A resource (or a whole listing) a sweep page could not read or judge. */
export interface SweepFailure {
  readonly scope: string;
  readonly message: string;
}

/** What one page judged. */
export interface PageCounts {
  /** Continuation pages this page queued for its shard. */
  readonly pagesAdded: number;
  readonly items: number;
  readonly evaluations: number;
  readonly failures: readonly SweepFailure[];
}

/** A sweep as the state table holds it. */
export interface SweepRecord {
  readonly sweepId: string;
  readonly startedAt: string;
  readonly source: string;
  readonly status: 'running' | 'complete';
  readonly shardsPlanned: number;
  readonly shardsDone: number;
  readonly items: number;
  readonly evaluations: number;
  readonly failures: number;
  readonly completedAt?: string;
  /** Types the sweep could not read from its source (e.g. no describer), named so they are not silent. */
  readonly unsweptTypes: readonly string[];
}

/** One shard's progress. */
export interface ShardRecord extends SweepShard {
  readonly status: 'pending' | 'done';
  readonly pagesQueued: number;
  readonly pagesDone: number;
  readonly items: number;
  readonly evaluations: number;
  readonly failures: number;
  /** Failed attempts of its pages (each retried alone by the queue). */
  readonly attempts: number;
  readonly lastError?: string;
  readonly lastErrorAt?: string;
  readonly completedAt?: string;
}

/** A sweep with every shard and the failures its pages recorded. */
export interface SweepStatus {
  readonly sweep: SweepRecord;
  readonly shards: readonly ShardRecord[];
  readonly failures: readonly (SweepFailure & { readonly shard: string })[];
}

/** What completing a page finished. */
export interface PageCompletion {
  /** False when the page had already been counted (a redelivered message). */
  readonly counted: boolean;
  readonly shardDone: boolean;
  readonly sweepDone: boolean;
}

/** Where sweeps, shards and page markers are kept (the state table in the stack). */
export interface SweepStore {
  /** Records a new sweep and its shards; `exists` when this sweep id was already begun (a retried plan). */
  begin(
    sweep: Pick<SweepRecord, 'sweepId' | 'startedAt' | 'source' | 'unsweptTypes'>,
    shards: readonly SweepShard[],
  ): Promise<'created' | 'exists'>;
  /** The newest sweeps, newest first. */
  latest(limit: number): Promise<SweepRecord[]>;
  /** One sweep with its shards and recorded failures; undefined when unknown. */
  status(sweepId: string): Promise<SweepStatus | undefined>;
  /**
   * Counts a judged page exactly once (a page marker written with the shard's counts in one transaction),
   * then closes the shard when all its pages are counted, and the sweep when all its shards are.
   */
  completePage(sweepId: string, shard: SweepShard, page: number, counts: PageCounts): Promise<PageCompletion>;
  /** Records a failed attempt of a page on its shard (the queue retries the page alone). */
  failPage(sweepId: string, shard: SweepShard, page: number, error: string, at: string): Promise<void>;
}
