import {
  type Alert,
  type RemediationOutcome as AlertOutcome,
  type Notifier,
  type RemediationCallSummary,
  remediationAlert,
} from '#shared/alerts/alert';
import { type ConfigurationItem, resourceIdentityOf } from '#shared/config-item/configuration-item';
import { soc2Criteria } from '#shared/frameworks/soc2';
import type { Rule, RuleVerdict } from '#shared/rules/rule';
import { callName, iamActionOf, type PlannedCall } from './calls';
import { RemediationEvidenceError } from './errors';
import type { Exemption } from './exemption';
import type { CurrentResource } from './reader';
import {
  type ApprovalInfo,
  type RemediationOutcome,
  type RemediationRecord,
  type RemediationRecordStore,
  remediationKey,
  sealRecord,
  type UnsealedRemediationRecord,
} from './record';
import type { Remediation } from './remediation';
import type { RemediationRequest } from './request';
import type { ActiveRemediationMode } from './toggles';

/** A rule's verdict on a resource, or the `ERROR` the engine makes of a rule that threw. */
export type Verdict = RuleVerdict | { compliance: 'ERROR'; annotation: string };

/** A plain-JSON copy (dates as strings), so records hash and store the same everywhere. */
export function plain(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** The state of a resource as a record keeps it: the item's configuration and tags and the rule's verdict. */
export function stateOf(item: ConfigurationItem, verdict: Verdict): RemediationRecord['before'] {
  return {
    captureTime: item.captureTime,
    status: item.status,
    configuration: plain(item.configuration),
    supplementaryConfiguration: plain(item.supplementaryConfiguration),
    tags: { ...item.tags },
    compliance: verdict.compliance,
    annotation: verdict.annotation,
  };
}

/** The planned calls as a record lists them. */
export function plannedOf(planned: readonly PlannedCall[]): RemediationRecord['planned'] {
  return planned.map((call) => ({
    service: call.service,
    operation: call.operation,
    iamAction: iamActionOf(call),
    input: plain(call.input),
    description: call.description,
  }));
}

/** What a run knows once it has read and judged the resource. */
export interface RunBase {
  readonly request: RemediationRequest;
  readonly remediation: Remediation;
  readonly rule: Rule;
  readonly mode: ActiveRemediationMode;
  readonly startedAt: Date;
  readonly before: CurrentResource;
  readonly beforeVerdict: Verdict;
  /** The record's id; the request id unless a decision on an approval is recorded. */
  readonly recordId?: string;
}

/** How a run ended. */
export interface RunEnd {
  readonly outcome: RemediationOutcome;
  readonly reason: string;
  readonly planned: readonly PlannedCall[];
  readonly made?: RemediationRecord['made'];
  readonly after?: RemediationRecord['after'];
  readonly exemption?: Exemption;
  readonly rateLimit?: RemediationRecord['rateLimit'];
  readonly approval?: ApprovalInfo;
}

/** What a run did: nothing worth evidence (`skipped`), or an attempt recorded in the evidence bucket. */
export type RemediationResult =
  | { readonly status: 'skipped'; readonly reason: string; readonly mode?: ActiveRemediationMode | 'off' }
  | {
      readonly status: 'recorded';
      readonly outcome: RemediationOutcome;
      readonly key: string;
      readonly record: RemediationRecord;
      readonly alerted: boolean;
      /** Why the alert could not be sent (the record is stored regardless). */
      readonly alertError?: string;
    };

/** The ports a finished run writes to. */
export interface FinishDeps {
  readonly records: RemediationRecordStore;
  readonly notifier: Notifier;
  readonly clock: () => Date;
  readonly actor: { readonly function: string; readonly invocationId?: string };
}

/** The alert each outcome sends; outcomes without one are shown in Slack by the approval message itself. */
const ALERT_OUTCOME: Readonly<Record<RemediationOutcome, AlertOutcome | undefined>> = {
  remediated: 'succeeded',
  planned: 'planned',
  failed: 'failed',
  'rate-limited': 'failed',
  exempt: undefined,
  'awaiting-approval': 'planned',
  rejected: undefined,
  expired: undefined,
  refused: 'failed',
};

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Seals the record of an attempt and stores it, locked; returns it with its key. */
export async function storeRecord(
  base: RunBase,
  deps: FinishDeps,
  end: RunEnd,
): Promise<{ readonly key: string; readonly record: RemediationRecord }> {
  const { request, remediation, rule, before, beforeVerdict } = base;
  const item = before.item;
  const unsealed: UnsealedRemediationRecord = {
    schemaVersion: 1,
    recordId: base.recordId ?? request.requestId,
    ruleId: rule.id,
    remediationTitle: remediation.title,
    mode: base.mode,
    outcome: end.outcome,
    reason: end.reason,
    startedAt: base.startedAt.toISOString(),
    finishedAt: deps.clock().toISOString(),
    resource: resourceIdentityOf(item),
    trigger: {
      requestId: request.requestId,
      source: request.trigger.source,
      requestedAt: request.requestedAt,
      ...(request.trigger.findingKey === undefined ? {} : { findingKey: request.trigger.findingKey }),
      ...(request.trigger.findingHash === undefined ? {} : { findingHash: request.trigger.findingHash }),
      ...(request.trigger.eventId === undefined ? {} : { eventId: request.trigger.eventId }),
    },
    actor: { ...deps.actor },
    ...(end.exemption === undefined ? {} : { exemption: { ...end.exemption } }),
    before: stateOf(item, beforeVerdict),
    planned: plannedOf(end.planned),
    made: [...(end.made ?? [])],
    ...(end.after === undefined ? {} : { after: end.after }),
    verification: remediation.verification,
    ...(end.rateLimit === undefined ? {} : { rateLimit: end.rateLimit }),
    ...(end.approval === undefined ? {} : { approval: end.approval }),
  };
  const record = sealRecord(unsealed);
  const key = remediationKey(record);
  try {
    await deps.records.putRecord(key, record);
  } catch (error) {
    // After calls were made a retry finds the resource fixed and records nothing, so the record travels
    // with the error for the function's log to keep.
    throw new RemediationEvidenceError(`cannot store remediation record ${key}: ${errorText(error)}`, {
      cause: error,
      context: { key, record },
    });
  }
  return { key, record };
}

/** Sends the alert of a stored record (an alert that cannot be sent does not undo the record). */
export async function announce(
  base: RunBase,
  deps: FinishDeps,
  end: RunEnd,
  stored: { readonly key: string; readonly record: RemediationRecord },
): Promise<RemediationResult> {
  const { key, record } = stored;
  const alertOutcome = ALERT_OUTCOME[end.outcome];
  if (alertOutcome === undefined)
    return { status: 'recorded', outcome: end.outcome, key, record, alerted: false };
  try {
    await deps.notifier.notify(buildAlert(base, end, record, key, deps, alertOutcome));
    return { status: 'recorded', outcome: end.outcome, key, record, alerted: true };
  } catch (error) {
    return {
      status: 'recorded',
      outcome: end.outcome,
      key,
      record,
      alerted: false,
      alertError: errorText(error),
    };
  }
}

/** Stores the record of an attempt, then alerts (an alert that cannot be sent does not undo the record). */
export async function finish(base: RunBase, deps: FinishDeps, end: RunEnd): Promise<RemediationResult> {
  return announce(base, deps, end, await storeRecord(base, deps, end));
}

/** What became of the planned call at `index`, for the alert. */
function callStatus(end: RunEnd, index: number): RemediationCallSummary['status'] {
  if (end.outcome === 'planned' || end.outcome === 'awaiting-approval') return 'planned';
  const made = end.made?.[index];
  if (made === undefined) return 'skipped';
  return made.status === 'succeeded' ? 'made' : 'failed';
}

function callSummaries(end: RunEnd): RemediationCallSummary[] {
  return end.planned.map((call, index) => {
    const error = end.made?.[index]?.error;
    return {
      call: callName(call),
      description: call.description,
      status: callStatus(end, index),
      ...(error === undefined ? {} : { error }),
    };
  });
}

function buildAlert(
  base: RunBase,
  end: RunEnd,
  record: RemediationRecord,
  key: string,
  deps: FinishDeps,
  outcome: AlertOutcome,
): Alert {
  const { rule, remediation, before, beforeVerdict } = base;
  const afterCompliance = end.after?.compliance;
  const failed = end.outcome === 'failed' || end.outcome === 'rate-limited' || end.outcome === 'refused';
  return remediationAlert(outcome, {
    ruleId: rule.id,
    ruleTitle: rule.title,
    severity: rule.severity,
    soc2: [...soc2Criteria(rule.id)],
    compliance: afterCompliance ?? beforeVerdict.compliance,
    previousCompliance: beforeVerdict.compliance,
    annotation: end.after?.annotation ?? beforeVerdict.annotation,
    remediationAdvice: rule.remediationAdvice,
    resource: record.resource,
    captureTime: before.item.captureTime,
    evaluatedAt: record.finishedAt,
    evidence: { key, hash: record.hash, location: deps.records.location(key) },
    remediation: {
      remediationId: remediation.ruleId,
      action:
        end.planned.length > 0 ? end.planned.map((call) => call.description).join('; ') : remediation.title,
      mode: base.mode,
      calls: callSummaries(end),
      ...(failed ? { error: end.reason } : {}),
      reference: deps.records.location(key),
    },
  });
}
