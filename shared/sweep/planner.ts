import type { InventorySourceName } from '#shared/config';
import { planShards, type SweepPage, type SweepShard, sweepableTypes } from './shard';
import type { SweepQueue } from './sweep-queue';
import type { SweepRecord, SweepStore } from './sweep-store';

/** What the planner writes to and sends through. */
export interface SweepPlannerDeps {
  readonly sweeps: SweepStore;
  readonly sweepQueue: SweepQueue;
}

/** One sweep to plan. */
export interface SweepPlan {
  readonly sweepId: string;
  readonly startedAt: string;
  readonly source: InventorySourceName;
  readonly accounts: readonly string[];
  /** The first is the home region, where global types are read. */
  readonly regions: readonly string[];
  /** Every type the enabled rules judge. */
  readonly resourceTypes: readonly string[];
}

/** What planning did. */
export interface PlannedSweep {
  readonly sweepId: string;
  /** `exists` when a retried schedule event planned the same sweep again (its pages are re-sent, deduplicated). */
  readonly status: 'created' | 'exists';
  readonly shards: readonly SweepShard[];
  /** Types the source cannot read: not swept, named so a gap is never silent. */
  readonly unsweptTypes: readonly string[];
  /** The sweep before this one, to tell whether it completed. */
  readonly previous?: SweepRecord;
}

/**
 * Plans a sweep: one shard per (account, region, type), global types once per account, recorded in the
 * store and queued as each shard's first page. Workers list and judge the shards; the planner holds no
 * resource.
 */
export async function planSweep(deps: SweepPlannerDeps, plan: SweepPlan): Promise<PlannedSweep> {
  const previous = (await deps.sweeps.latest(2)).find((sweep) => sweep.sweepId !== plan.sweepId);
  const { swept, unswept } = sweepableTypes(plan.resourceTypes, plan.source);
  const shards = planShards({ accounts: plan.accounts, regions: plan.regions, resourceTypes: swept });
  const status = await deps.sweeps.begin(
    { sweepId: plan.sweepId, startedAt: plan.startedAt, source: plan.source, unsweptTypes: unswept },
    shards,
  );
  await deps.sweepQueue.send(
    shards.map(
      (shard): SweepPage => ({
        v: 1,
        sweepId: plan.sweepId,
        ...shard,
        page: 0,
        source: plan.source,
        startedAt: plan.startedAt,
      }),
    ),
  );
  return {
    sweepId: plan.sweepId,
    status,
    shards,
    unsweptTypes: unswept,
    ...(previous === undefined ? {} : { previous }),
  };
}

/** A sweep id that sorts by start time and is the same for a retried schedule event. */
export function sweepIdOf(startedAt: Date, eventId: string): string {
  const compact = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${compact}-${eventId.replace(/[^A-Za-z0-9]/g, '').slice(0, 12) || 'manual'}`;
}
