import type { EvaluationOutcome } from '#shared/rules/engine';
import type { Compliance } from '#shared/rules/rule';

/** Name of the state table's partition key: `<accountId>#<region>#<resourceType>#<resourceId>`. */
export const STATE_PARTITION_KEY = 'pk';

/** Name of the state table's sort key: the rule id. */
export const STATE_SORT_KEY = 'sk';

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

/** Identifies one state row: one rule on one resource. */
export interface StateRef {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly ruleId: string;
}

/** A finding claimed in the state row but not yet confirmed stored (and alerted), kept to finish after a crash. */
export interface PendingWrite {
  readonly key: string;
  /** The exact serialized finding to store. */
  readonly finding: string;
  /** The serialized alert to publish once stored, when the claim was a change of status. */
  readonly alert?: string;
  /** Token of the invocation finishing this write; only it may until `leaseUntil`. */
  readonly owner?: string;
  /** Epoch milliseconds until which `owner` alone finishes the write; afterwards anyone may take it over. */
  readonly leaseUntil?: number;
}

/** The stored compliance state of one rule on one resource, including the head of its finding chain. */
export interface ComplianceRecord extends StateRef {
  /** Last verdict that was not ERROR; absent while the rule has only errored. */
  readonly compliance?: Compliance;
  readonly lastOutcome: EvaluationOutcome;
  /** Newest configuration item capture time evaluated; older items never change the status. */
  readonly captureTime: string;
  readonly evaluatedAt: string;
  readonly annotation: string;
  readonly severity: string;
  /** Sequence number of the newest finding of this chain (1 for the first). */
  readonly sequence: number;
  readonly headHash: string;
  readonly headKey: string;
  readonly pending?: PendingWrite;
  /** Evaluations since the last change of status that found the same status again: counted, never alerted. */
  readonly repeatCount?: number;
  /** When an evaluation last confirmed the stored status (ERROR and stale outcomes do not). */
  readonly lastSeenAt?: string;
  /** When the current failure began (the `evaluatedAt` of its NEW_FAILURE); absent while passing. */
  readonly failingSince?: string;
  /** Name and ARN of the resource at the last evaluation, for digests and console links. */
  readonly resourceName?: string;
  readonly arn?: string;
}

/** Result of a conditional write. */
export type ClaimResult = 'claimed' | 'conflict';

/** Compliance state per resource and rule, written only with optimistic concurrency on `sequence`. */
export interface ComplianceStateStore {
  /** The current record (strongly consistent), or `undefined` for a pair never evaluated. */
  get(ref: StateRef): Promise<ComplianceRecord | undefined>;
  /**
   * Writes `record` if the stored sequence is still `expectedSequence` (0: no record yet); `conflict` when
   * another writer got there first.
   */
  claim(record: ComplianceRecord, expectedSequence: number): Promise<ClaimResult>;
  /** Drops the pending write of `sequence` once it is stored and alerted; a no-op if the row moved on. */
  settle(ref: StateRef, sequence: number): Promise<void>;
  /**
   * Makes `owner` the one finisher of the pending write of `sequence` until `leaseUntil` (epoch ms), if the
   * write has no owner, is already `owner`'s, or its lease ended before `now`; `false` when another
   * invocation holds it or the row moved on.
   */
  takeOver(ref: StateRef, sequence: number, owner: string, leaseUntil: number, now: number): Promise<boolean>;
  /** Ends `owner`'s lease on the pending write of `sequence` early (after a failure), so a retry need not wait. */
  release(ref: StateRef, sequence: number, owner: string): Promise<void>;
}

/** The partition key value of a resource. */
export function partitionKeyOf(ref: Omit<StateRef, 'ruleId'>): string {
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
  previous: Pick<ComplianceRecord, 'compliance' | 'captureTime'> | undefined,
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
export type ObservationFields = Pick<
  ComplianceRecord,
  'repeatCount' | 'lastSeenAt' | 'failingSince' | 'resourceName' | 'arn'
>;

/**
 * The repeat counter, last-seen time, failure start and resource name/ARN to store with a transition: a
 * change of status (or a first pass) starts counting again, a confirmed repeat adds one, and an ERROR or
 * stale evaluation leaves the counters as they were.
 */
export function observationFields(
  previous: ObservationFields | undefined,
  transition: Transition,
  evaluation: {
    readonly compliance: EvaluationOutcome;
    readonly resourceName?: string;
    readonly arn?: string;
  },
  evaluatedAt: string,
): ObservationFields {
  const name = {
    ...(evaluation.resourceName === undefined ? {} : { resourceName: evaluation.resourceName }),
    ...(evaluation.arn === undefined ? {} : { arn: evaluation.arn }),
  };
  const kept = {
    ...(previous?.repeatCount === undefined ? {} : { repeatCount: previous.repeatCount }),
    ...(previous?.lastSeenAt === undefined ? {} : { lastSeenAt: previous.lastSeenAt }),
    ...(previous?.failingSince === undefined ? {} : { failingSince: previous.failingSince }),
  };
  switch (transition) {
    case 'NEW_FAILURE':
      return { ...name, repeatCount: 0, lastSeenAt: evaluatedAt, failingSince: evaluatedAt };
    case 'RESOLVED':
    case 'FIRST_PASS':
      return { ...name, repeatCount: 0, lastSeenAt: evaluatedAt };
    case 'STILL_FAILING':
    case 'STILL_PASSING':
      if (evaluation.compliance === 'ERROR') return { ...name, ...kept };
      return { ...name, ...kept, repeatCount: (previous?.repeatCount ?? 0) + 1, lastSeenAt: evaluatedAt };
    case 'STALE':
    case 'DUPLICATE':
      return { ...name, ...kept };
    default: {
      const unreachable: never = transition;
      return unreachable;
    }
  }
}
