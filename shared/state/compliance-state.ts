import type { EvaluationOutcome } from '#shared/rules/engine';
import type { Compliance } from '#shared/rules/rule';

/** Name of the state table's partition key: `<accountId>#<region>#<resourceType>#<resourceId>`. */
export const STATE_PARTITION_KEY = 'pk';

/** Name of the state table's sort key ({@link RESOURCE_SORT_KEY} for resource rows). */
export const STATE_SORT_KEY = 'sk';

/** Sort key value of the one state row of a resource. */
export const RESOURCE_SORT_KEY = 'resource';

/**
 * How a new evaluation relates to the stored state of the same resource and rule.
 * Only `NEW_FAILURE` and `RESOLVED` are changes of status that alert.
 */
export const TRANSITIONS = [
  'NEW_FAILURE',
  'RESOLVED',
  'STILL_FAILING',
  'STILL_PASSING',
  'FIRST_PASS',
  'STALE',
  'DUPLICATE',
] as const;

/** One of the state transitions. */
export type Transition = (typeof TRANSITIONS)[number];

/** Transitions that are a change of status a person should hear about. */
export function isStatusChange(transition: Transition): boolean {
  return transition === 'NEW_FAILURE' || transition === 'RESOLVED';
}

/** Identifies one resource (one state row). */
export interface ResourceRef {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
}

/** Identifies one rule on one resource (one chain of findings). */
export interface StateRef extends ResourceRef {
  readonly ruleId: string;
}

/** The stored status of one rule on a resource, and the head of its finding chain. */
export interface RuleState {
  /** Last verdict that was not ERROR; absent while the rule has only errored. */
  readonly compliance?: Compliance;
  readonly lastOutcome: EvaluationOutcome;
  readonly annotation: string;
  readonly severity: string;
  /** When the head finding was evaluated. */
  readonly evaluatedAt: string;
  /** Sequence number of the newest finding of this chain (1 for the first). */
  readonly sequence: number;
  /** Hash of the newest finding, which the next one quotes as `previousHash`. */
  readonly headHash: string;
  /** Recorded evaluations since the last change of status that found the same status again. */
  readonly repeatCount?: number;
  /** When a recorded evaluation last confirmed the stored status (ERROR and stale outcomes do not). */
  readonly lastSeenAt?: string;
  /** When the current failure began (the `evaluatedAt` of its NEW_FAILURE); absent while passing. */
  readonly failingSince?: string;
  /** The risk acceptance the head finding is marked with; a change of it records a new finding. */
  readonly acceptanceId?: string;
}

/**
 * The evidence of the newest claim, kept in the row until it is known to be stored: the batch object it goes
 * to and, gzipped, the exact lines and alerts, so whoever finds it unstored after the lease can finish it.
 */
export interface PendingBatch {
  readonly key: string;
  /** Token of the invocation that claimed; only it writes the batch until `leaseUntil`. */
  readonly owner: string;
  /** Epoch milliseconds until which `owner` alone finishes the write. */
  readonly leaseUntil: number;
  /** gzip of `{"lines": [...], "alerts": [...]}` (see shared/pipeline/evidence-batch.ts). */
  readonly body: Uint8Array;
}

/** The stored state of one resource: every rule's status and chain head, in one row written at once. */
export interface ResourceState extends ResourceRef {
  /** Name and ARN of the resource at the last recorded evaluation, for digests and console links. */
  readonly resourceName?: string;
  readonly arn?: string;
  /** Optimistic-concurrency counter: every claim writes `version + 1` on condition the row is at `version`. */
  readonly version: number;
  /** Newest configuration item capture time judged; older items never change a status. */
  readonly captureTime: string;
  /** SHA-256 of the newest judged item's content: an item with the same content is attested, not recorded. */
  readonly itemSha256: string;
  readonly rules: Readonly<Record<string, RuleState>>;
  readonly pending?: PendingBatch;
}

/** Result of a conditional write. */
export type ClaimResult = 'claimed' | 'conflict';

/** Compliance state per resource, written only with optimistic concurrency on `version`. */
export interface ResourceStateStore {
  /** The current state (strongly consistent), or `undefined` for a resource never recorded. */
  get(ref: ResourceRef): Promise<ResourceState | undefined>;
  /**
   * The states of many resources at once (strongly consistent), keyed by {@link partitionKeyOf}; resources
   * never recorded are absent. Lets a sweep read a chunk's rows in one call per hundred.
   */
  getMany?(refs: readonly ResourceRef[]): Promise<Map<string, ResourceState>>;
  /**
   * Writes `state` if the stored version is still `expectedVersion` (0: no row yet); `conflict` when another
   * writer got there first.
   */
  claim(state: ResourceState, expectedVersion: number): Promise<ClaimResult>;
}

/**
 * A state store that answers the first read of each prefetched resource from `prefetched` (a sweep's
 * `getMany`), and every later read (after a conflicting claim) from `store`.
 */
export function prefetchedStateStore(
  store: ResourceStateStore,
  prefetched: ReadonlyMap<string, ResourceState>,
  refs: readonly ResourceRef[],
): ResourceStateStore {
  const unread = new Set(refs.map((ref) => partitionKeyOf(ref)));
  return {
    get: async (ref) => {
      const key = partitionKeyOf(ref);
      if (!unread.delete(key)) return store.get(ref);
      return prefetched.get(key);
    },
    claim: (state, expectedVersion) => store.claim(state, expectedVersion),
  };
}

/** The partition key value of a resource. */
export function partitionKeyOf(ref: ResourceRef): string {
  return `${ref.accountId}#${ref.region}#${ref.resourceType}#${ref.resourceId}`;
}

/** What to do with an evaluation, given the stored record. */
export interface TransitionPlan {
  readonly transition: Transition;
  /** The status to store (unchanged for STALE and ERROR outcomes). */
  readonly compliance: Compliance | undefined;
  /** The capture time to store: never moves backwards. */
  readonly captureTime: string;
}

/**
 * Decides the transition of a new (not duplicate) evaluation. NON_COMPLIANT is failing; COMPLIANT and
 * NOT_APPLICABLE (a deleted or out-of-scope resource) are passing; an ERROR outcome keeps the stored status.
 */
export function planTransition(
  previous: { readonly compliance?: Compliance; readonly captureTime: string } | undefined,
  outcome: EvaluationOutcome,
  captureTime: string,
): TransitionPlan {
  const wasFailing = previous?.compliance === 'NON_COMPLIANT';
  if (previous !== undefined && Date.parse(captureTime) < Date.parse(previous.captureTime)) {
    return { transition: 'STALE', compliance: previous.compliance, captureTime: previous.captureTime };
  }
  if (outcome === 'ERROR') {
    return {
      transition: wasFailing ? 'STILL_FAILING' : 'STILL_PASSING',
      compliance: previous?.compliance,
      captureTime,
    };
  }
  const isFailing = outcome === 'NON_COMPLIANT';
  let transition: Transition;
  if (previous?.compliance === undefined) transition = isFailing ? 'NEW_FAILURE' : 'FIRST_PASS';
  else if (wasFailing) transition = isFailing ? 'STILL_FAILING' : 'RESOLVED';
  else transition = isFailing ? 'NEW_FAILURE' : 'STILL_PASSING';
  return { transition, compliance: outcome, captureTime };
}

/** The record fields that count repeats of a status instead of alerting on them. */
export type ObservationFields = Pick<RuleState, 'repeatCount' | 'lastSeenAt' | 'failingSince'>;

/**
 * The repeat counter, last-seen time and failure start to store with a transition: a
 * change of status (or a first pass) starts counting again, a confirmed repeat adds one, and an ERROR or
 * stale evaluation leaves the counters as they were.
 */
export function observationFields(
  previous: ObservationFields | undefined,
  transition: Transition,
  evaluation: { readonly compliance: EvaluationOutcome },
  evaluatedAt: string,
): ObservationFields {
  const kept = {
    ...(previous?.repeatCount === undefined ? {} : { repeatCount: previous.repeatCount }),
    ...(previous?.lastSeenAt === undefined ? {} : { lastSeenAt: previous.lastSeenAt }),
    ...(previous?.failingSince === undefined ? {} : { failingSince: previous.failingSince }),
  };
  switch (transition) {
    case 'NEW_FAILURE':
      return { repeatCount: 0, lastSeenAt: evaluatedAt, failingSince: evaluatedAt };
    case 'RESOLVED':
    case 'FIRST_PASS':
      return { repeatCount: 0, lastSeenAt: evaluatedAt };
    case 'STILL_FAILING':
    case 'STILL_PASSING':
      if (evaluation.compliance === 'ERROR') return { ...kept };
      return { ...kept, repeatCount: (previous?.repeatCount ?? 0) + 1, lastSeenAt: evaluatedAt };
    case 'STALE':
    case 'DUPLICATE':
      return { ...kept };
    default: {
      const unreachable: never = transition;
      return unreachable;
    }
  }
}
