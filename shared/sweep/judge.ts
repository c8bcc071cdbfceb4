import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { errorMessage } from '#shared/errors';
import { assertTimeLeft, type InvocationDeadline } from '#shared/invocation-deadline';
import { settleWithConcurrency } from '#shared/pipeline/concurrency';
import { EvidenceBatch } from '#shared/pipeline/evidence-batch';
import { processConfigurationItem } from '#shared/pipeline/process';
import type { TriggerDeps } from '#shared/pipeline/triggers';
import { prefetchedStateStore, type Transition } from '#shared/state/compliance-state';
import type { SweepFailure } from './sweep-store';

/** What judging one page of items did. */
export interface JudgedItems {
  readonly items: number;
  readonly evaluations: number;
  readonly transitions: Readonly<Partial<Record<Transition, number>>>;
  readonly failures: readonly SweepFailure[];
}

/**
 * Judges a page of items as the sweep does: the page's state rows in one read per hundred, `concurrency`
 * items evaluated at once, and one evidence object per account and region for the page, written within
 * seconds of its claims. A failed item is a failure of the page, never an exception.
 */
export async function judgeItems(
  deps: TriggerDeps,
  batch: readonly ConfigurationItem[],
  options: {
    readonly eventId: string;
    readonly concurrency: number;
    readonly deadline?: InvocationDeadline;
  },
): Promise<JudgedItems> {
  const failures: SweepFailure[] = [];
  const transitions: Partial<Record<Transition, number>> = {};
  let evaluations = 0;
  if (batch.length === 0) return { items: 0, evaluations, transitions, failures };
  const evidence = new EvidenceBatch(deps);
  // A rule naming another resource (a bucket's replication destination) finds it among the page's items
  // instead of reading it again; only types some rule names are kept.
  deps.inventory?.remember?.(batch.filter((item) => deps.engine.namesResourcesOf(item.resourceType)));
  if (deps.state.getMany !== undefined) assertTimeLeft(options.deadline, 'reading the state rows');
  const state =
    deps.state.getMany === undefined
      ? deps.state
      : prefetchedStateStore(deps.state, await deps.state.getMany(batch), batch);
  const settled = await settleWithConcurrency(batch, options.concurrency, async (item, index) => {
    assertTimeLeft(options.deadline, 'evaluating the item');
    return processConfigurationItem(
      item,
      { trigger: 'sweep', eventId: options.eventId },
      { ...deps, state, batch: evidence, batchTag: String(index) },
    );
  });
  const report = await evidence.flush();
  const unwritten = new Map<string, unknown>();
  for (const failure of report.failures) for (const tag of failure.tags) unwritten.set(tag, failure.error);
  settled.forEach((result, index) => {
    const item = batch[index];
    const error = unwritten.get(String(index));
    if (result.status === 'rejected' || error !== undefined) {
      failures.push({
        scope: `${item?.resourceType} ${item?.resourceId}`,
        message: errorMessage(result.status === 'rejected' ? result.reason : error),
      });
      return;
    }
    for (const recorded of result.value.recorded) {
      evaluations++;
      transitions[recorded.transition] = (transitions[recorded.transition] ?? 0) + 1;
    }
  });
  return { items: batch.length, evaluations, transitions, failures };
}
