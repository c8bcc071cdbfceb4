import { type AcceptanceLookup, marksFor } from '#shared/acceptances/lookup';
import type { ApprovalDecisionMessage } from '#shared/approvals/decision-message';
import { isDeleted } from '#shared/config-item/configuration-item';
import type { ResourceRef } from '#shared/describe/describer';
import { AccountAccessError } from '#shared/organization/account-access';
import { MemberRoleUnavailableError } from '#shared/organization/assume-role';
import { createInventory } from '#shared/rules/inventory';
import { resolveParameters } from '#shared/rules/parameters';
import { ruleCatalog } from '#shared/rules/registry';
import type { Rule } from '#shared/rules/rule';
import type { PlannedCall } from './calls';
import { assertAllowedCall, executeCall } from './executor';
import type { Exemption } from './exemption';
import {
  type FinishDeps,
  finish,
  type RemediationResult,
  type RunBase,
  type RunEnd,
  stateOf,
  type Verdict,
} from './finish';
import type { RemediationPorts } from './ports';
import type { RateLimiter } from './rate-limiter';
import type { CurrentResource, RemediationReader } from './reader';
import type { ApprovalInfo, RemediationOutcome, RemediationRecord } from './record';
import { REMEDIATIONS } from './registry';
import type { Remediation, RemediationSettings } from './remediation';
import type { RemediationRequest } from './request';
import type { ActiveRemediationMode, ToggleSource } from './toggles';

export type { RemediationResult } from './finish';

/** Approve mode: turns a plan into an approval request (a record, a pending approval, a message). */
export interface ApprovalRequester {
  /** Records the plan as `awaiting-approval` and asks the rule's approvers for a decision. */
  requestApproval(prepared: PreparedRun, deps: RemediationDeps): Promise<RemediationResult>;
}

/** Approve mode: acts on a plan a person approved (the remediation function's side). */
export interface DecisionApplier {
  /** Re-reads, re-plans and applies an approved plan; undefined when it was already taken up. */
  apply(
    message: ApprovalDecisionMessage,
    deps: RemediationDeps,
  ): Promise<{ readonly request: RemediationRequest; readonly result: RemediationResult } | undefined>;
}

/** Everything a remediation run reads from or writes to, as ports. */
export interface RemediationDeps extends FinishDeps {
  readonly toggles: ToggleSource;
  readonly reader: RemediationReader;
  readonly ports: RemediationPorts;
  readonly rateLimiter: RateLimiter;
  readonly settings: RemediationSettings;
  /** Per rule id, parameter overrides (`RULE_PARAMETERS`), so plans and re-evaluations match the evaluator's. */
  readonly ruleParameters: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * The reader and write ports of the resource's own account and region (a member account's through its
   * remediation role); absent, `reader` and `ports` serve every request.
   */
  readonly scope?: (accountId: string, region: string) => Pick<RemediationDeps, 'reader' | 'ports'>;
  /** Approve mode's requester; absent, a rule in `approve` mode records a `failed` attempt saying so. */
  readonly approvals?: ApprovalRequester;
  /** Approve mode's applier of approved plans arriving on the queue; absent, such messages are dropped as unreadable. */
  readonly decisions?: DecisionApplier;
  /** @default REMEDIATIONS */
  readonly remediations?: readonly Remediation[];
  /** @default ruleCatalog() */
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

function judge(
  rule: Rule,
  parameters: ReturnType<typeof resolveParameters>,
  current: CurrentResource,
  now: Date,
): Verdict {
  if (isDeleted(current.item))
    return { compliance: 'NOT_APPLICABLE', annotation: `Resource status is ${current.item.status}.` };
  try {
    return rule.evaluate(current.item, { parameters, now, inventory: createInventory(current.inventory) });
  } catch (error) {
    return { compliance: 'ERROR', annotation: `Rule ${rule.id} failed: ${errorText(error)}` };
  }
}

/** A run that has read, judged and planned, and whose plan passed the call guard: ready to act on. */
export interface PreparedRun {
  readonly base: RunBase;
  readonly planned: readonly PlannedCall[];
  /** The deps of the resource's own account and region. */
  readonly inAccount: RemediationDeps;
  readonly ref: ResourceRef;
  readonly parameters: ReturnType<typeof resolveParameters>;
}

/** Where preparing a run got to: ready to act, or done (skipped, or recorded: exempt or refused). */
export type Preparation =
  | { readonly kind: 'ready'; readonly run: PreparedRun }
  | { readonly kind: 'done'; readonly result: RemediationResult };

/** What a prepared run is for: the mode it runs in, and for a decision on an approval, its record id and approval. */
export interface PrepareOptions {
  readonly mode: ActiveRemediationMode;
  readonly recordId?: string;
  readonly approval?: ApprovalInfo;
}

/**
 * Reads the resource as it is now, re-judges it, honours exemptions and plans, checking every planned call
 * against the call guard. Exempt resources and refused or disallowed plans are recorded; gone, passing or
 * nothing-to-do resources are skipped without a record.
 * @throws on failures worth retrying (reading the resource, storing a record).
 */
export async function prepareRemediation(
  request: RemediationRequest,
  deps: RemediationDeps,
  options: PrepareOptions,
): Promise<Preparation> {
  const { mode } = options;
  const done = (result: RemediationResult): Preparation => ({ kind: 'done', result });
  const remediation = (deps.remediations ?? REMEDIATIONS).find((entry) => entry.ruleId === request.ruleId);
  if (remediation === undefined)
    return done({ status: 'skipped', reason: `rule ${request.ruleId} has no remediation` });
  const rule = (deps.rules ?? ruleCatalog()).find((entry) => entry.id === request.ruleId);
  if (rule === undefined)
    return done({ status: 'skipped', reason: `rule ${request.ruleId} is not in the catalog` });
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
    return done({ status: 'skipped', reason: `cannot act in ${ref.accountId}: ${error.message}`, mode });
  }
  let before: CurrentResource | undefined;
  try {
    before = await readCurrent(ref, request, inAccount);
  } catch (error) {
    // A member without the remediation role (remediation not enabled there): nothing can be done there.
    if (!(rootCause(error) instanceof MemberRoleUnavailableError)) throw error;
    return done({
      status: 'skipped',
      reason: `cannot act in ${ref.accountId}: ${rootCause(error).message}`,
      mode,
    });
  }
  if (before === undefined) {
    return done({ status: 'skipped', reason: `cannot read ${ref.resourceType} ${ref.lookupId}`, mode });
  }
  if (isDeleted(before.item))
    return done({ status: 'skipped', reason: `${ref.lookupId} no longer exists`, mode });
  const parameters = resolveParameters(rule, deps.ruleParameters[rule.id]);
  const beforeVerdict = judge(rule, parameters, before, startedAt);

  const base: RunBase = {
    request,
    remediation,
    rule,
    mode,
    startedAt,
    before,
    beforeVerdict,
    ...(options.recordId === undefined ? {} : { recordId: options.recordId }),
  };
  const approval = options.approval === undefined ? {} : { approval: options.approval };
  const exemption = await acceptedExemption(before, rule.id, ref, deps, startedAt);
  if (exemption !== undefined) {
    return done(
      await finish(base, deps, {
        outcome: 'exempt',
        reason: `exempt: ${exemption.reason}`,
        exemption,
        planned: [],
        ...approval,
      }),
    );
  }
  if (beforeVerdict.compliance !== 'NON_COMPLIANT') {
    return done({ status: 'skipped', reason: `${ref.lookupId} is ${beforeVerdict.compliance} now`, mode });
  }
  const plan = remediation.plan(before.item, {
    parameters,
    settings: deps.settings,
    inventory: createInventory(before.inventory),
  });
  if (plan.kind === 'none') return done({ status: 'skipped', reason: plan.reason, mode });
  if (plan.kind === 'refused') {
    return done(
      await finish(base, deps, {
        outcome: 'failed',
        reason: `refused: ${plan.reason}`,
        planned: [],
        ...approval,
      }),
    );
  }
  const planned: PlannedCall[] = [...plan.calls];
  try {
    for (const call of planned) assertAllowedCall(call, remediation);
  } catch (error) {
    return done(
      await finish(base, deps, { outcome: 'failed', reason: errorText(error), planned, ...approval }),
    );
  }
  return { kind: 'ready', run: { base, planned, inAccount, ref, parameters } };
}

/**
 * Handles one remediation request: checks the toggle, reads the resource as it is now, re-judges it,
 * honours exemptions, plans, and then records the plan (`dry-run`), asks for approval (`approve`) or makes
 * the calls and re-reads and re-judges the resource (`on`, within the rule's hourly rate limit). Every
 * attempt is written as a locked remediation record and announced through the notifier. Requests for rules
 * that are off, resources that are gone or no longer failing, and plans with nothing to do are skipped
 * without a record.
 * @throws on failures worth retrying (reading the resource, toggles, rate limit, storing the record).
 */
export async function runRemediation(
  request: RemediationRequest,
  deps: RemediationDeps,
): Promise<RemediationResult> {
  if (!(deps.remediations ?? REMEDIATIONS).some((entry) => entry.ruleId === request.ruleId))
    return { status: 'skipped', reason: `rule ${request.ruleId} has no remediation` };
  const mode = await deps.toggles.modeOf(request.ruleId);
  if (mode === 'off') return { status: 'skipped', reason: `remediation of ${request.ruleId} is off`, mode };
  const preparation = await prepareRemediation(request, deps, { mode });
  if (preparation.kind === 'done') return preparation.result;
  const prepared = preparation.run;
  switch (mode) {
    case 'dry-run':
      return finish(prepared.base, deps, {
        outcome: 'planned',
        reason: 'dry run: nothing was changed',
        planned: prepared.planned,
      });
    case 'approve':
      if (deps.approvals === undefined) {
        return finish(prepared.base, deps, {
          outcome: 'failed',
          reason: 'approve mode is not set up in this deployment (no approval store); nothing was changed',
          planned: prepared.planned,
        });
      }
      return deps.approvals.requestApproval(prepared, deps);
    case 'on':
      return applyPlan(prepared, deps);
    default: {
      const never: never = mode;
      return never;
    }
  }
}

/**
 * Acts on a prepared run: takes a slot from the rule's hourly rate limit, makes the calls in order (stopping
 * at the first failure), reads the resource again and re-judges it, records everything and alerts.
 * `approval` is kept in the record when the plan was approved by a person.
 */
export async function applyPlan(
  prepared: PreparedRun,
  deps: RemediationDeps,
  approval?: ApprovalInfo,
): Promise<RemediationResult> {
  const { base, planned, inAccount, ref, parameters } = prepared;
  const { rule, remediation, startedAt } = base;
  const approved = approval === undefined ? {} : { approval };
  const decision = await deps.rateLimiter.tryAcquire(rule.id, startedAt);
  const rateLimit = { window: decision.window, limit: decision.limit };
  if (!decision.allowed) {
    return finish(base, deps, {
      outcome: 'rate-limited',
      reason: `rate limit: ${rule.id} already made ${decision.limit} remediation(s) in hour ${decision.window}`,
      planned,
      rateLimit,
      ...approved,
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
  const end: RunEnd = {
    outcome,
    reason,
    planned,
    made,
    rateLimit,
    ...approved,
    ...(after === undefined || afterVerdict === undefined
      ? {}
      : { after: stateOf(after.item, afterVerdict) }),
  };
  return finish(base, deps, end);
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
