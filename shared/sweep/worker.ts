import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { chunks } from '#shared/config-recorder/chunks';
import type { ResourceRef } from '#shared/describe/describer';
import { DESCRIBABLE_BY_TYPE } from '#shared/describe/registry';
import { errorMessage, VigilError } from '#shared/errors';
import {
  assertTimeLeft,
  type InvocationDeadline,
  InvocationDeadlineError,
} from '#shared/invocation-deadline';
import { settleWithConcurrency } from '#shared/pipeline/concurrency';
import { describerOf, type TriggerDeps } from '#shared/pipeline/triggers';
import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';
import { type JudgedItems, judgeItems } from './judge';
import type { SweepPage } from './shard';
import type { SweepQueue } from './sweep-queue';
import type { PageCompletion, SweepFailure, SweepStore } from './sweep-store';

/** A page could not be judged (its listing failed): the queue retries it alone. */
export class SweepPageError extends VigilError {
  override readonly name: string = 'SweepPageError';
}

/** Lists a shard's resources from AWS Config page by page (a member's recorder, or the aggregator). */
export interface ConfigPages {
  page(
    page: Pick<SweepPage, 'accountId' | 'region' | 'resourceType'>,
    token: string | undefined,
    limit: number,
  ): Promise<{
    readonly items: readonly ConfigurationItem[];
    /** Resources listed but not read. */
    readonly failures: readonly SweepFailure[];
    readonly nextToken?: string;
  }>;
}

/** What a sweep worker needs beyond the pipeline's ports. */
export interface SweepWorkerDeps extends TriggerDeps {
  readonly sweeps: SweepStore;
  readonly sweepQueue: SweepQueue;
  /** Config listings for the `config` and `aggregator` sources. */
  readonly configPages?: ConfigPages;
  /** Resources per page (≤ 100). */
  readonly pageSize: number;
  /** Describes and evaluations in flight within the page. */
  readonly concurrency: number;
}

/** What one page did. */
export interface PageReport extends JudgedItems {
  readonly page: SweepPage;
  /** Continuation pages queued. */
  readonly queued: number;
  readonly completion: PageCompletion;
}

/** The items of a page and the pages that follow it in its shard. */
interface ReadPage {
  readonly items: readonly ConfigurationItem[];
  readonly failures: readonly SweepFailure[];
  readonly next: readonly SweepPage[];
}

async function describeRefs(
  deps: SweepWorkerDeps,
  page: SweepPage,
  refs: readonly ResourceRef[],
  deadline: InvocationDeadline | undefined,
): Promise<{ items: ConfigurationItem[]; failures: SweepFailure[] }> {
  const items: ConfigurationItem[] = [];
  const failures: SweepFailure[] = [];
  const described = await settleWithConcurrency(refs, deps.concurrency, async (ref) => {
    assertTimeLeft(deadline, 'describing the resource');
    return describerOf(deps, ref.accountId, ref.region).describe(ref);
  });
  // Resources not reached before the deadline were not read: the page is retried, not counted.
  const late = described.find(
    (result) => result.status === 'rejected' && result.reason instanceof InvocationDeadlineError,
  );
  if (late?.status === 'rejected') throw late.reason;
  described.forEach((result, index) => {
    if (result.status === 'fulfilled') {
      if (result.value.status !== 'ResourceDeleted') items.push(result.value);
    } else
      failures.push({
        scope: `${page.resourceType} ${refs[index]?.lookupId}`,
        message: errorMessage(result.reason),
      });
  });
  return { items, failures };
}

/**
 * The describe source: the shard's first page lists the type (listings return ids only) and keeps the
 * resources of its own region (a bucket listing names every region's buckets); the first `pageSize` are
 * judged here and the rest go out as continuation pages carrying their refs, so no invocation describes
 * more than one page.
 */
async function readDescribed(
  deps: SweepWorkerDeps,
  page: SweepPage,
  deadline: InvocationDeadline | undefined,
): Promise<ReadPage> {
  const base = { accountId: page.accountId, resourceType: page.resourceType, captureTime: page.startedAt };
  if (page.refs !== undefined) {
    const refs = page.refs.map((ref) => ({ ...base, ...ref }));
    return { ...(await describeRefs(deps, page, refs, deadline)), next: [] };
  }
  const describer = describerOf(deps, page.accountId, page.region);
  if (!describer.supportedTypes.includes(page.resourceType))
    throw new SweepPageError(`cannot describe ${page.resourceType}`, { context: { ...page } });
  const global = DESCRIBABLE_BY_TYPE.get(page.resourceType)?.scope === 'global';
  const seen = new Set<string>();
  const listed = (await describer.listRefs(page.resourceType, page.accountId, page.startedAt)).filter(
    (ref) => {
      if (!global && ref.region !== page.region) return false;
      if (seen.has(ref.lookupId)) return false;
      seen.add(ref.lookupId);
      return true;
    },
  );
  const [first = [], ...rest] = chunks(listed, deps.pageSize);
  const next = rest.map(
    (refs, index): SweepPage => ({
      ...page,
      page: page.page + index + 1,
      refs: refs.map((ref) => ({
        lookupId: ref.lookupId,
        region: ref.region,
        ...(ref.resourceId === undefined ? {} : { resourceId: ref.resourceId }),
      })),
    }),
  );
  return { ...(await describeRefs(deps, page, first, deadline)), next };
}

async function readPage(
  deps: SweepWorkerDeps,
  page: SweepPage,
  deadline: InvocationDeadline | undefined,
): Promise<ReadPage> {
  if (page.resourceType === ACCOUNT_RESOURCE_TYPE) {
    const item = await describerOf(deps, page.accountId, page.region).describe({
      accountId: page.accountId,
      region: page.region,
      resourceType: page.resourceType,
      lookupId: page.accountId,
      captureTime: page.startedAt,
    });
    return { items: [item], failures: [], next: [] };
  }
  if (page.source === 'describe') return readDescribed(deps, page, deadline);
  if (deps.configPages === undefined)
    throw new SweepPageError(`no Config listing for the ${page.source} source`, { context: { ...page } });
  const { items, failures, nextToken } = await deps.configPages.page(page, page.token, deps.pageSize);
  return {
    items: items.filter((item) => item.status !== 'ResourceDeleted'),
    failures,
    next: nextToken === undefined ? [] : [{ ...page, page: page.page + 1, token: nextToken }],
  };
}

/**
 * Judges one page of one shard: reads at most `pageSize` resources, judges them, queues the shard's next
 * pages, then counts the page once on its shard (closing the shard, and the sweep, when it was the last).
 * A resource that cannot be read or judged is a failure of the page; a listing that fails throws, so the
 * queue retries this page alone (after recording the attempt on the shard).
 */
export async function judgeSweepPage(
  deps: SweepWorkerDeps,
  page: SweepPage,
  deadline?: InvocationDeadline,
): Promise<PageReport> {
  const fail = async (reason: string, cause?: unknown): Promise<never> => {
    await deps.sweeps.failPage(page.sweepId, page, page.page, reason, deps.clock().toISOString());
    throw new SweepPageError(
      `page ${page.page} of ${page.resourceType} in ${page.accountId}/${page.region}: ${reason}`,
      { cause, context: { sweepId: page.sweepId } },
    );
  };
  let read: ReadPage;
  try {
    read = await readPage(deps, page, deadline);
  } catch (error) {
    return fail(errorMessage(error), error);
  }
  let judged: JudgedItems;
  try {
    judged = await judgeItems(deps, read.items, {
      eventId: `sweep/${page.sweepId}`,
      concurrency: deps.concurrency,
      ...(deadline === undefined ? {} : { deadline }),
    });
  } catch (error) {
    return fail(errorMessage(error), error);
  }
  // A resource read but not judged or not recorded (state table or evidence bucket unavailable, deadline)
  // is worth a retry of the page: recording is idempotent, so what this attempt recorded is not doubled.
  const [unrecorded] = judged.failures;
  if (unrecorded !== undefined)
    return fail(
      `${judged.failures.length} of ${read.items.length} resources not recorded (${unrecorded.scope}: ${unrecorded.message})`,
    );
  // Continuation pages are queued before this page counts, so a shard is never closed with pages unqueued.
  await deps.sweepQueue.send(read.next);
  const completion = await deps.sweeps.completePage(page.sweepId, page, page.page, {
    pagesAdded: read.next.length,
    items: judged.items,
    evaluations: judged.evaluations,
    failures: read.failures,
  });
  return { ...judged, failures: read.failures, page, queued: read.next.length, completion };
}
