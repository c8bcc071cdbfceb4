import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { BATCH_GET_MAX, type ResourceKey } from '#shared/config-recorder/config-recorder';
import { assertTimeLeft, type InvocationDeadline } from '#shared/invocation-deadline';
import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';
import { prefetchedStateStore, type Transition } from '#shared/state/compliance-state';
import { settleWithConcurrency } from './concurrency';
import { EvidenceBatch } from './evidence-batch';
import { processConfigurationItem } from './process';
import type { TriggerDeps } from './triggers';

/** How to run one sweep. */
export interface SweepOptions {
  readonly accountId: string;
  readonly region: string;
  /** Resources read and evaluated at once. */
  readonly concurrency: number;
  /** Read resources from the Config recorder or by describing them through the service APIs. */
  readonly source: 'config' | 'describe';
  /** Types to sweep; defaults to every type the engine's rules judge. */
  readonly resourceTypes?: readonly string[];
  /** When to stop starting reads and evaluations (what is left is reported as failures, for the next sweep). */
  readonly deadline?: InvocationDeadline;
}

/** A failure that left part of the estate unevaluated this time. */
export interface SweepFailure {
  readonly scope: string;
  readonly message: string;
}

/** Totals of one sweep. */
export interface SweepReport {
  readonly items: number;
  readonly evaluations: number;
  readonly transitions: Readonly<Partial<Record<Transition, number>>>;
  readonly failures: readonly SweepFailure[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

/**
 * Re-evaluates every resource: from Config (`ListDiscoveredResources` per type, paginated, then
 * `BatchGetResourceConfig` in chunks of 100) or from the service APIs, plus the account item through the
 * describer. Per-type and per-item failures are collected, never stop the sweep.
 */
export async function runSweep(deps: TriggerDeps, options: SweepOptions): Promise<SweepReport> {
  const sweptTypes = options.resourceTypes ?? [
    ...new Set(deps.engine.rules.flatMap((rule) => rule.resourceTypes)),
  ];
  const failures: SweepFailure[] = [];
  const transitions: Partial<Record<Transition, number>> = {};
  let items = 0;
  let evaluations = 0;
  const now = deps.clock().toISOString();

  const evaluateAll = async (batch: readonly ConfigurationItem[]): Promise<void> => {
    // One evidence object per chunk: the claims of the chunk are written within seconds of being made.
    const evidence = new EvidenceBatch(deps);
    // A rule naming another resource (a bucket's replication destination) finds it among the chunk's items
    // instead of reading it again; only types some rule names are kept.
    deps.inventory?.remember?.(batch.filter((item) => deps.engine.namesResourcesOf(item.resourceType)));
    // The chunk's state rows in one read per hundred instead of one per resource.
    if (deps.state.getMany !== undefined) assertTimeLeft(options.deadline, 'reading the state rows');
    const state =
      deps.state.getMany === undefined
        ? deps.state
        : prefetchedStateStore(deps.state, await deps.state.getMany(batch), batch);
    const settled = await settleWithConcurrency(batch, options.concurrency, async (item, index) => {
      assertTimeLeft(options.deadline, 'evaluating the item');
      return processConfigurationItem(
        item,
        { trigger: 'sweep', eventId: `sweep@${now}` },
        { ...deps, state, batch: evidence, batchTag: String(index) },
      );
    });
    const report = await evidence.flush();
    const unwritten = new Map<string, unknown>();
    for (const failure of report.failures) for (const tag of failure.tags) unwritten.set(tag, failure.error);
    settled.forEach((result, index) => {
      const item = batch[index];
      items++;
      const error = unwritten.get(String(index));
      if (result.status === 'rejected' || error !== undefined) {
        failures.push({
          scope: `${item?.resourceType} ${item?.resourceId}`,
          message: messageOf(result.status === 'rejected' ? result.reason : error),
        });
        return;
      }
      for (const recorded of result.value.recorded) {
        evaluations++;
        transitions[recorded.transition] = (transitions[recorded.transition] ?? 0) + 1;
      }
    });
  };

  const describeAll = async (resourceType: string): Promise<void> => {
    const refs = await deps.describer.listRefs(resourceType, options.accountId, now);
    for (const chunk of chunks(refs, BATCH_GET_MAX)) {
      const described = await settleWithConcurrency(chunk, options.concurrency, async (ref) => {
        assertTimeLeft(options.deadline, 'describing the resource');
        return deps.describer.describe(ref);
      });
      const batch: ConfigurationItem[] = [];
      described.forEach((result, index) => {
        if (result.status === 'fulfilled') batch.push(result.value);
        else
          failures.push({
            scope: `${resourceType} ${chunk[index]?.lookupId}`,
            message: messageOf(result.reason),
          });
      });
      await evaluateAll(batch);
    }
  };

  for (const resourceType of sweptTypes) {
    try {
      assertTimeLeft(options.deadline, `sweeping ${resourceType}`);
      if (resourceType === ACCOUNT_RESOURCE_TYPE) {
        const item = await deps.describer.describe({
          accountId: options.accountId,
          region: options.region,
          resourceType,
          lookupId: options.accountId,
          captureTime: now,
        });
        await evaluateAll([item]);
      } else if (options.source === 'describe') {
        if (deps.describer.supportedTypes.includes(resourceType)) await describeAll(resourceType);
      } else {
        const keys: ResourceKey[] = await deps.recorder.listResources(resourceType);
        for (const chunk of chunks(keys, BATCH_GET_MAX))
          await evaluateAll(await deps.recorder.batchGet(chunk));
      }
    } catch (error) {
      failures.push({ scope: resourceType, message: messageOf(error) });
    }
  }
  return { items, evaluations, transitions, failures };
}
