import type { SweepPlannerDeps } from '#shared/sweep/planner';
import { type SweepPage, type SweepShard, shardKey } from '#shared/sweep/shard';
import type { SweepQueue } from '#shared/sweep/sweep-queue';
import type {
  PageCompletion,
  PageCounts,
  ShardRecord,
  SweepFailure,
  SweepRecord,
  SweepStatus,
  SweepStore,
} from '#shared/sweep/sweep-store';
import { judgeSweepPage, type PageReport, type SweepWorkerDeps } from '#shared/sweep/worker';

/** The sweep store's semantics in memory: each page counted once, shards and sweeps closed by their last page. */
export class MemorySweepStore implements SweepStore {
  readonly sweeps = new Map<string, SweepRecord>();
  readonly shards = new Map<string, Map<string, ShardRecord>>();
  readonly pages = new Map<string, readonly SweepFailure[]>();

  async begin(
    sweep: Pick<SweepRecord, 'sweepId' | 'startedAt' | 'source' | 'unsweptTypes'>,
    shards: readonly SweepShard[],
  ): Promise<'created' | 'exists'> {
    if (this.sweeps.has(sweep.sweepId)) return 'exists';
    this.shards.set(
      sweep.sweepId,
      new Map(
        shards.map((shard) => [
          shardKey(shard),
          {
            ...shard,
            status: 'pending',
            pagesQueued: 1,
            pagesDone: 0,
            items: 0,
            evaluations: 0,
            failures: 0,
            attempts: 0,
          },
        ]),
      ),
    );
    this.sweeps.set(sweep.sweepId, {
      ...sweep,
      status: shards.length === 0 ? 'complete' : 'running',
      shardsPlanned: shards.length,
      shardsDone: 0,
      items: 0,
      evaluations: 0,
      failures: 0,
    });
    return 'created';
  }

  async latest(limit: number): Promise<SweepRecord[]> {
    return [...this.sweeps.values()]
      .sort((a, b) => `${b.startedAt}#${b.sweepId}`.localeCompare(`${a.startedAt}#${a.sweepId}`))
      .slice(0, limit);
  }

  async status(sweepId: string): Promise<SweepStatus | undefined> {
    const sweep = this.sweeps.get(sweepId);
    if (sweep === undefined) return undefined;
    const failures = [...this.pages]
      .filter(([key]) => key.startsWith(`${sweepId}|`))
      .flatMap(([key, list]) => list.map((failure) => ({ ...failure, shard: key.split('|')[1] ?? '' })));
    return { sweep, shards: [...(this.shards.get(sweepId)?.values() ?? [])], failures };
  }

  async completePage(
    sweepId: string,
    shard: SweepShard,
    page: number,
    counts: PageCounts,
  ): Promise<PageCompletion> {
    const shards = this.shards.get(sweepId);
    const current = shards?.get(shardKey(shard));
    const sweep = this.sweeps.get(sweepId);
    if (shards === undefined || current === undefined || sweep === undefined)
      throw new Error(`sweep ${sweepId} has no shard ${shardKey(shard)}`);
    const pageKey = `${sweepId}|${shardKey(shard)}|${page}`;
    const counted = !this.pages.has(pageKey);
    let next = current;
    if (counted) {
      this.pages.set(pageKey, counts.failures);
      next = {
        ...current,
        pagesQueued: current.pagesQueued + counts.pagesAdded,
        pagesDone: current.pagesDone + 1,
        items: current.items + counts.items,
        evaluations: current.evaluations + counts.evaluations,
        failures: current.failures + counts.failures.length,
      };
    }
    if (next.status === 'done' || next.pagesDone < next.pagesQueued) {
      shards.set(shardKey(shard), next);
      return { counted, shardDone: next.status === 'done', sweepDone: false };
    }
    shards.set(shardKey(shard), { ...next, status: 'done', completedAt: new Date().toISOString() });
    const updated: SweepRecord = {
      ...sweep,
      shardsDone: sweep.shardsDone + 1,
      items: sweep.items + next.items,
      evaluations: sweep.evaluations + next.evaluations,
      failures: sweep.failures + next.failures,
    };
    const sweepDone = updated.shardsDone >= updated.shardsPlanned;
    this.sweeps.set(
      sweepId,
      sweepDone ? { ...updated, status: 'complete', completedAt: new Date().toISOString() } : updated,
    );
    return { counted, shardDone: true, sweepDone };
  }

  async failPage(sweepId: string, shard: SweepShard, page: number, error: string, at: string): Promise<void> {
    const shards = this.shards.get(sweepId);
    const current = shards?.get(shardKey(shard));
    if (shards === undefined || current === undefined)
      throw new Error(`sweep ${sweepId} has no shard ${shardKey(shard)}`);
    shards.set(shardKey(shard), {
      ...current,
      attempts: current.attempts + 1,
      lastError: `page ${page}: ${error}`,
      lastErrorAt: at,
    });
  }
}

/** A sweep queue in memory: pages in the order sent. */
export function memorySweepQueue(): SweepQueue & { readonly pages: SweepPage[] } {
  const pages: SweepPage[] = [];
  return {
    pages,
    async send(sent) {
      pages.push(...sent);
    },
  };
}

/** What draining a sweep did, page by page. */
export interface DrainedSweep {
  readonly reports: readonly PageReport[];
  /** Pages that threw, with the error (each was retried until `maxAttempts`). */
  readonly pageErrors: readonly { readonly page: SweepPage; readonly error: unknown }[];
  /** Most resources any one page judged. */
  readonly largestPage: number;
}

/**
 * Runs the queued pages one after another as the workers would (a failed page goes to the back of the
 * queue and is retried up to `maxAttempts` times, like SQS with a redrive policy).
 */
export async function drainMemorySweep(
  deps: SweepWorkerDeps & { readonly sweepQueue: ReturnType<typeof memorySweepQueue> },
  maxAttempts = 3,
): Promise<DrainedSweep> {
  const reports: PageReport[] = [];
  const pageErrors: { page: SweepPage; error: unknown }[] = [];
  const attempts = new Map<string, number>();
  for (let page = deps.sweepQueue.pages.shift(); page !== undefined; page = deps.sweepQueue.pages.shift()) {
    const key = `${page.sweepId}|${shardKey(page)}|${page.page}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    try {
      reports.push(await judgeSweepPage(deps, page));
    } catch (error) {
      pageErrors.push({ page, error });
      if (attempt < maxAttempts) deps.sweepQueue.pages.push(page);
    }
  }
  return { reports, pageErrors, largestPage: Math.max(0, ...reports.map((report) => report.items)) };
}

/** Ports of an in-memory sweep on top of pipeline ports. */
export function memorySweepDeps<D extends object>(
  deps: D,
  options: { readonly pageSize?: number; readonly concurrency?: number } = {},
): D &
  SweepPlannerDeps & {
    readonly sweeps: MemorySweepStore;
    readonly sweepQueue: ReturnType<typeof memorySweepQueue>;
    readonly pageSize: number;
    readonly concurrency: number;
  } {
  return {
    ...deps,
    sweeps: new MemorySweepStore(),
    sweepQueue: memorySweepQueue(),
    pageSize: options.pageSize ?? 100,
    concurrency: options.concurrency ?? 4,
  };
}
