import { type AcceptanceLookup, marksFor } from '#shared/acceptances/lookup';
import {
  type Alert,
  type RemediationOutcome as AlertOutcome,
  type Notifier,
  type RemediationCallSummary,
  remediationAlert,
} from '#shared/alerts/alert';
import {
  type ConfigurationItem,
  isDeleted,
  resourceIdentityOf,
} from '#shared/config-item/configuration-item';
import type { ResourceRef } from '#shared/describe/describer';
import { soc2Criteria } from '#shared/frameworks/soc2';
import { AccountAccessError } from '#shared/organization/account-access';
import { MemberRoleUnavailableError } from '#shared/organization/assume-role';
import { createInventory } from '#shared/rules/inventory';
import { resolveParameters } from '#shared/rules/parameters';
import { RULES } from '#shared/rules/registry';
import type { Rule, RuleVerdict } from '#shared/rules/rule';
import { callName, iamActionOf, type PlannedCall } from './calls';
import { RemediationEvidenceError } from './errors';
import { assertAllowedCall, executeCall } from './executor';
import type { Exemption } from './exemption';
import type { RemediationPorts } from './ports';
import type { RateLimiter } from './rate-limiter';
import type { CurrentResource, RemediationReader } from './reader';
import {
  type RemediationOutcome,
  type RemediationRecord,
  type RemediationRecordStore,
  remediationKey,
  sealRecord,
  type UnsealedRemediationRecord,
} from './record';
import { REMEDIATIONS } from './registry';
import type { Remediation, RemediationSettings } from './remediation';
import type { RemediationRequest } from './request';
import type { RemediationMode, ToggleSource } from './toggles';

/** Everything a remediation run reads from or writes to, as ports. */
export interface RemediationDeps {
  readonly toggles: ToggleSource;
  readonly reader: RemediationReader;
  readonly ports: RemediationPorts;
  readonly rateLimiter: RateLimiter;
  readonly records: RemediationRecordStore;
  readonly notifier: Notifier;
  readonly settings: RemediationSettings;
  /** Per rule id, parameter overrides (`RULE_PARAMETERS`), so plans and re-evaluations match the evaluator's. */
  readonly ruleParameters: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly clock: () => Date;
  /** Who acts: the function name, and the invocation's request id when known. */
  readonly actor: { readonly function: string; readonly invocationId?: string };
  /**
   * The reader and write ports of the resource's own account and region (a member account's through its
   * remediation role); absent, `reader` and `ports` serve every request.
   */
  readonly scope?: (accountId: string, region: string) => Pick<RemediationDeps, 'reader' | 'ports'>;
  /** @default REMEDIATIONS */
  readonly remediations?: readonly Remediation[];
  /** @default RULES */
  readonly rules?: readonly Rule[];
  /** The risk-acceptance register; absent, nothing is accepted (a bare `vigil:exempt` tag never exempts). */
  readonly acceptances?: AcceptanceLookup;
}

/**
 * The exemption of a resource an acceptance in force covers (re-checked here: it may have been accepted
 * since the request): the allowed tag, or the acceptance itself. A tag no acceptance allows exempts nothing.
 */
async function acceptedExemption(
  current: CurrentResource,
  ruleId: string,
  ref: ResourceRef,
  deps: RemediationDeps,
  now: Date,
): Promise<Exemption | undefined> {
  if (deps.acceptances === undefined) return undefined;
  const marks = marksFor(
    await deps.acceptances.current(),
    {
      ruleId,
      accountId: ref.accountId,
      region: ref.region,
      resourceId: current.item.resourceId,
      ...(current.item.arn === undefined ? {} : { arn: current.item.arn }),
    },
    current.item.tags,
    now,
  );
  if (marks.acceptance === undefined) return undefined;
  return (
    marks.exemption ?? {
      tag: `acceptance:${marks.acceptance.id}`,
      reason: `accepted risk ${marks.acceptance.id} (owner ${marks.acceptance.owner}) until ${marks.acceptance.expiresAt}`,
    }
  );
}

/** What a run did: nothing worth evidence (`skipped`), or an attempt recorded in the evidence bucket. */
export type RemediationResult =
  | { readonly status: 'skipped'; readonly reason: string; readonly mode?: RemediationMode }
  | {
      readonly status: 'recorded';
      readonly outcome: RemediationOutcome;
      readonly key: string;
      readonly record: RemediationRecord;
      readonly alerted: boolean;
      /** Why the alert could not be sent (the record is stored regardless). */
      readonly alertError?: string;
    };

/** The identifier the service API looks a resource up by. */
export function lookupIdOf(request: RemediationRequest): string {
  const { resource } = request;
  const configuration = request.configurationItem?.configuration as
    | { dBInstanceIdentifier?: unknown }
    | undefined;
  switch (resource.resourceType) {
    case 'AWS::RDS::DBInstance':
      return typeof configuration?.dBInstanceIdentifier === 'string'
        ? configuration.dBInstanceIdentifier
        : (resource.resourceName ?? resource.resourceId);
    case 'AWS::Logs::LogGroup':
    case 'AWS::S3::Bucket':
      return resource.resourceName ?? resource.resourceId;
    default:
      return resource.resourceId;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A plain-JSON copy (dates as strings), so records hash and store the same everywhere. */
function plain(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

function stateOf(
  item: ConfigurationItem,
  verdict: RuleVerdict | { compliance: 'ERROR'; annotation: string },
) {
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

function judge(
  rule: Rule,
  parameters: ReturnType<typeof resolveParameters>,
  current: CurrentResource,
  now: Date,
): RuleVerdict | { compliance: 'ERROR'; annotation: string } {
  if (isDeleted(current.item))
    return { compliance: 'NOT_APPLICABLE', annotation: `Resource status is ${current.item.status}.` };
  try {
    return rule.evaluate(current.item, { parameters, now, inventory: createInventory(current.inventory) });
  } catch (error) {
    return { compliance: 'ERROR', annotation: `Rule ${rule.id} failed: ${errorText(error)}` };
  }
}

/**
 * Handles one remediation request: checks the toggle, reads the resource as it is now, re-judges it,
 * honours exemptions, plans, and then records the plan (`dry-run`) or makes the calls and re-reads and
 * re-judges the resource (`on`, within the rule's hourly rate limit). Every attempt is written as a locked
 * remediation record and announced through the notifier. Requests for rules that are off, resources that
 * are gone or no longer failing, and plans with nothing to do are skipped without a record.
 * @throws on failures worth retrying (reading the resource, toggles, rate limit, storing the record).
 */
export async function runRemediation(
  request: RemediationRequest,
  deps: RemediationDeps,
): Promise<RemediationResult> {
  const remediation = (deps.remediations ?? REMEDIATIONS).find((entry) => entry.ruleId === request.ruleId);
  if (remediation === undefined)
    return { status: 'skipped', reason: `rule ${request.ruleId} has no remediation` };
  const rule = (deps.rules ?? RULES).find((entry) => entry.id === request.ruleId);
  if (rule === undefined)
    return { status: 'skipped', reason: `rule ${request.ruleId} is not in the catalog` };
  const mode = await deps.toggles.modeOf(request.ruleId);
  if (mode === 'off') return { status: 'skipped', reason: `remediation of ${request.ruleId} is off`, mode };

  const startedAt = deps.clock();
  const ref: ResourceRef = {
    accountId: request.resource.accountId,
    region: request.resource.region,
    resourceType: request.resource.resourceType,
    lookupId: lookupIdOf(request),
    resourceId: request.resource.resourceId,
    captureTime: startedAt.toISOString(),
  };
  let inAccount: RemediationDeps = deps;
  try {
    inAccount = deps.scope === undefined ? deps : { ...deps, ...deps.scope(ref.accountId, ref.region) };
  } catch (error) {
    if (!(error instanceof AccountAccessError)) throw error;
    return { status: 'skipped', reason: `cannot act in ${ref.accountId}: ${error.message}`, mode };
  }
  let before: CurrentResource | undefined;
  try {
    before = await readCurrent(ref, request, inAccount);
  } catch (error) {
    // A member without the remediation role (remediation not enabled there): nothing can be done there.
    if (!(rootCause(error) instanceof MemberRoleUnavailableError)) throw error;
    return { status: 'skipped', reason: `cannot act in ${ref.accountId}: ${rootCause(error).message}`, mode };
  }
  if (before === undefined) {
    return { status: 'skipped', reason: `cannot read ${ref.resourceType} ${ref.lookupId}`, mode };
  }
  if (isDeleted(before.item)) return { status: 'skipped', reason: `${ref.lookupId} no longer exists`, mode };
  const parameters = resolveParameters(rule, deps.ruleParameters[rule.id]);
  const beforeVerdict = judge(rule, parameters, before, startedAt);

  const base = {
    request,
    remediation,
    rule,
    mode,
    startedAt,
    before,
    beforeVerdict,
  } as const;
  const exemption = await acceptedExemption(before, rule.id, ref, deps, startedAt);
  if (exemption !== undefined) {
    return finish(base, deps, {
      outcome: 'exempt',
      reason: `exempt: ${exemption.reason}`,
      exemption,
      planned: [],
    });
  }
  if (beforeVerdict.compliance !== 'NON_COMPLIANT') {
    return { status: 'skipped', reason: `${ref.lookupId} is ${beforeVerdict.compliance} now`, mode };
  }
  const plan = remediation.plan(before.item, {
    parameters,
    settings: deps.settings,
    inventory: createInventory(before.inventory),
  });
  if (plan.kind === 'none') return { status: 'skipped', reason: plan.reason, mode };
  if (plan.kind === 'refused') {
    return finish(base, deps, { outcome: 'failed', reason: `refused: ${plan.reason}`, planned: [] });
  }
  const planned: PlannedCall[] = [...plan.calls];
  try {
    for (const call of planned) assertAllowedCall(call, remediation);
  } catch (error) {
    return finish(base, deps, { outcome: 'failed', reason: errorText(error), planned });
  }
  if (mode === 'dry-run') {
    return finish(base, deps, { outcome: 'planned', reason: 'dry run: nothing was changed', planned });
  }
  const decision = await deps.rateLimiter.tryAcquire(rule.id, startedAt);
  const rateLimit = { window: decision.window, limit: decision.limit };
  if (!decision.allowed) {
    return finish(base, deps, {
      outcome: 'rate-limited',
      reason: `rate limit: ${rule.id} already made ${decision.limit} remediation(s) in hour ${decision.window}`,
      planned,
      rateLimit,
    });
  }
  const made: RemediationRecord['made'] = [];
  let failure: string | undefined;
  for (const call of planned) {
    try {
      await executeCall(inAccount.ports, call);
      made.push({ service: call.service, operation: call.operation, status: 'succeeded' });
    } catch (error) {
      failure = errorText(error);
      made.push({ service: call.service, operation: call.operation, status: 'failed', error: failure });
      break;
    }
  }
  const after = await readCurrent(
    { ...ref, captureTime: deps.clock().toISOString() },
    undefined,
    inAccount,
  ).catch(() => undefined);
  const afterVerdict = after === undefined ? undefined : judge(rule, parameters, after, deps.clock());
  let outcome: RemediationOutcome = 'remediated';
  let reason = `made ${made.length} call(s); re-evaluated ${afterVerdict?.compliance ?? 'not re-read'}`;
  if (failure !== undefined) {
    outcome = 'failed';
    reason = `call failed: ${failure}`;
  } else if (remediation.verification === 'immediate' && afterVerdict?.compliance !== 'COMPLIANT') {
    outcome = 'failed';
    reason =
      `the calls succeeded but the resource re-evaluated ${afterVerdict?.compliance ?? 'unreadable'}: ${afterVerdict?.annotation ?? ''}`.trim();
  } else if (remediation.verification === 'deferred' && afterVerdict?.compliance !== 'COMPLIANT') {
    reason = `made ${made.length} call(s); the service applies the change asynchronously, so the next evaluation confirms it`;
  }
  return finish(base, deps, {
    outcome,
    reason,
    planned,
    made,
    rateLimit,
    ...(after === undefined || afterVerdict === undefined
      ? {}
      : { after: stateOf(after.item, afterVerdict) }),
  });
}

async function readCurrent(
  ref: ResourceRef,
  request: RemediationRequest | undefined,
  deps: RemediationDeps,
): Promise<CurrentResource | undefined> {
  if (deps.reader.canRead(ref.resourceType)) return deps.reader.read(ref);
  // Types Vigil cannot describe are judged on the item that came with the request (before only).
  if (request?.configurationItem === undefined) return undefined;
  return { item: request.configurationItem, inventory: [] };
}

interface RunBase {
  readonly request: RemediationRequest;
  readonly remediation: Remediation;
  readonly rule: Rule;
  readonly mode: 'dry-run' | 'on';
  readonly startedAt: Date;
  readonly before: CurrentResource;
  readonly beforeVerdict: ReturnType<typeof judge>;
}

interface RunEnd {
  readonly outcome: RemediationOutcome;
  readonly reason: string;
  readonly planned: readonly PlannedCall[];
  readonly made?: RemediationRecord['made'];
  readonly after?: RemediationRecord['after'];
  readonly exemption?: Exemption;
  readonly rateLimit?: RemediationRecord['rateLimit'];
}

const ALERT_OUTCOME: Readonly<Record<RemediationOutcome, AlertOutcome | undefined>> = {
  remediated: 'succeeded',
  planned: 'planned',
  failed: 'failed',
  'rate-limited': 'failed',
  exempt: undefined,
};

/** Stores the record of an attempt, then alerts (an alert that cannot be sent does not undo the record). */
async function finish(base: RunBase, deps: RemediationDeps, end: RunEnd): Promise<RemediationResult> {
  const { request, remediation, rule, before, beforeVerdict } = base;
  const item = before.item;
  const unsealed: UnsealedRemediationRecord = {
    schemaVersion: 1,
    recordId: request.requestId,
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
    planned: end.planned.map((call) => ({
      service: call.service,
      operation: call.operation,
      iamAction: iamActionOf(call),
      input: plain(call.input),
      description: call.description,
    })),
    made: [...(end.made ?? [])],
    ...(end.after === undefined ? {} : { after: end.after }),
    verification: remediation.verification,
    ...(end.rateLimit === undefined ? {} : { rateLimit: end.rateLimit }),
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

/** What became of the planned call at `index`, for the alert. */
function callStatus(end: RunEnd, index: number): RemediationCallSummary['status'] {
  if (end.outcome === 'planned') return 'planned';
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
  deps: RemediationDeps,
  outcome: AlertOutcome,
): Alert {
  const { rule, remediation, before, beforeVerdict } = base;
  const afterCompliance = end.after?.compliance;
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
      ...(end.outcome === 'failed' || end.outcome === 'rate-limited' ? { error: end.reason } : {}),
      reference: deps.records.location(key),
    },
  });
}

/** The innermost error (describers wrap the SDK's, which may wrap the credentials provider's). */
function rootCause(error: unknown): Error {
  let current: unknown = error;
  while (
    current instanceof Error &&
    !(current instanceof MemberRoleUnavailableError) &&
    current.cause !== undefined
  )
    current = current.cause;
  return current instanceof Error ? current : new Error(String(current));
}
