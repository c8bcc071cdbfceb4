import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Alert, AlertSchema, type Notifier } from '#shared/alerts/alert';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { EvidenceStore } from '#shared/evidence/evidence-store';
import {
  FINDING_SCHEMA_VERSION,
  type Finding,
  findingIdOf,
  findingKey,
  parseFinding,
  sealFinding,
  serializeFinding,
  sha256Hex,
  type Trigger,
  type UnsealedFinding,
} from '#shared/evidence/finding';
import type { EvidenceLedger } from '#shared/evidence/ledger';
import { exemptionOf } from '#shared/remediations/exemption';
import {
  buildRemediationRequest,
  type RemediationReason,
  type RemediationRequester,
} from '#shared/remediations/request';
import type { Evaluation, RuleEngine } from '#shared/rules/engine';
import type { Rule } from '#shared/rules/rule';
import {
  type ComplianceRecord,
  type ComplianceStateStore,
  isStatusChange,
  observationFields,
  planTransition,
  type StateRef,
  type Transition,
} from '#shared/state/compliance-state';
import { settleWithConcurrency } from './concurrency';
import { PipelineError, StateContentionError } from './errors';
import { type InventoryProvider, SELF_ONLY_INVENTORY } from './inventory-provider';

/** Everything the pipeline writes to or reads from, as ports. */
export interface PipelineDeps {
  readonly engine: RuleEngine;
  readonly evidence: EvidenceStore;
  /** Index of findings by write hour for the digest sealer; absent, no ledger rows are written. */
  readonly ledger?: EvidenceLedger;
  readonly state: ComplianceStateStore;
  readonly notifier: Notifier;
  readonly clock: () => Date;
  readonly inventory?: InventoryProvider;
  /** Human-readable location of a finding key (e.g. `s3://bucket/key`) for alerts. */
  readonly evidenceLocation?: (key: string) => string;
  /** How often to retry a state row another writer advanced meanwhile (default 5). */
  readonly maxAttempts?: number;
  /** How many rules of one item are recorded at once (default 8). */
  readonly ruleConcurrency?: number;
  /** Milliseconds a claimed write belongs to its claimer alone before others may finish it (default 30 s). */
  readonly leaseMs?: number;
  /** Milliseconds to wait for another invocation's write in progress before giving up, retryably (default 3 s). */
  readonly pendingWaitMs?: number;
  /** Where to ask for auto-remediation of new failures; absent, nothing is remediated. */
  readonly remediation?: RemediationRequester;
}

/** What made the pipeline run, copied into every finding. */
export interface PipelineSource {
  readonly trigger: Trigger;
  readonly eventId?: string;
}

/** One evaluation and what the pipeline did with it. */
export interface RecordedEvaluation {
  readonly evaluation: Evaluation;
  readonly transition: Transition;
  readonly findingKey: string;
  /** Hash and sequence of the finding written; absent for duplicates. */
  readonly findingHash?: string;
  readonly sequence?: number;
  readonly alerted: boolean;
}

/** The result of processing one configuration item. */
export interface ProcessResult {
  readonly item: ConfigurationItem;
  readonly recorded: readonly RecordedEvaluation[];
}

/**
 * The one orchestration every trigger calls: evaluate the item with every applicable rule, then for each
 * evaluation write a locked, chained finding, update the compliance state and alert on a change of status.
 * @throws PipelineError when some evaluation could not be recorded (the others are recorded; a retry of
 * the same item is idempotent).
 */
export async function processConfigurationItem(
  item: ConfigurationItem,
  source: PipelineSource,
  deps: PipelineDeps,
): Promise<ProcessResult> {
  const rules = deps.engine.rulesFor(item.resourceType);
  if (rules.length === 0) return { item, recorded: [] };
  const inventory = await (deps.inventory ?? SELF_ONLY_INVENTORY).inventoryFor(item, rules);
  const evaluations = deps.engine.evaluate(item, { now: deps.clock(), inventory });
  return recordEvaluations(item, evaluations, source, deps);
}

/** Records evaluations already computed (e.g. by a Config rule invocation with its own parameters). */
export async function recordEvaluations(
  item: ConfigurationItem,
  evaluations: readonly Evaluation[],
  source: PipelineSource,
  deps: PipelineDeps,
): Promise<ProcessResult> {
  const settled = await settleWithConcurrency(evaluations, deps.ruleConcurrency ?? 8, (evaluation) =>
    recordEvaluation(item, evaluation, source, deps),
  );
  const recorded: RecordedEvaluation[] = [];
  const failures: unknown[] = [];
  for (const result of settled) {
    if (result.status === 'fulfilled') recorded.push(result.value);
    else failures.push(result.reason);
  }
  if (failures.length > 0) {
    const first = failures[0];
    throw new PipelineError(
      `${failures.length} of ${evaluations.length} evaluations of ${item.resourceType} ${item.resourceId} were not recorded: ${
        first instanceof Error ? first.message : String(first)
      }`,
      { cause: first, context: { resourceType: item.resourceType, resourceId: item.resourceId, recorded } },
    );
  }
  return { item, recorded };
}

function refOf(evaluation: Evaluation): StateRef {
  return {
    accountId: evaluation.accountId,
    region: evaluation.region,
    resourceType: evaluation.resourceType,
    resourceId: evaluation.resourceId,
    ruleId: evaluation.ruleId,
  };
}

function ruleOf(deps: PipelineDeps, ruleId: string): Rule | undefined {
  return deps.engine.rules.find((rule) => rule.id === ruleId);
}

/**
 * Records one evaluation with optimistic concurrency on the state row: claim the next sequence number
 * (with the finding, its alert and a short lease kept in the row as a pending write), then store the
 * finding, alert, and settle. A pending write found in the row is finished first: by its owner while its
 * lease runs (others wait, then give up with a retryable error rather than acknowledge an unfinished
 * write), by whoever takes it over afterwards. So a redelivered or concurrently delivered event stores
 * one finding and publishes one alert; only a crash between publishing and settling, or an owner that
 * outlives its lease, can publish an alert twice (SNS publish and the DynamoDB write cannot be atomic).
 */
async function recordEvaluation(
  item: ConfigurationItem,
  evaluation: Evaluation,
  source: PipelineSource,
  deps: PipelineDeps,
): Promise<RecordedEvaluation> {
  const ref = refOf(evaluation);
  const key = findingKey({ ...evaluation, ...ref });
  const maxAttempts = deps.maxAttempts ?? 5;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const waitUntil = Date.now() + (deps.pendingWaitMs ?? DEFAULT_PENDING_WAIT_MS);
  const owner = randomUUID();
  let claimed: RecordedEvaluation | undefined;
  let conflicts = 0;
  let waits = 0;
  while (conflicts < maxAttempts) {
    let previous = await deps.state.get(ref);
    const pending = previous?.pending;
    if (previous !== undefined && pending !== undefined) {
      const mine = pending.owner === owner;
      if (!mine && pending.owner !== undefined && (pending.leaseUntil ?? 0) >= Date.now()) {
        // Another invocation is finishing this write right now; acknowledging before it is done could
        // lose its alert if that invocation dies, so wait for it, then hand the message back.
        if (Date.now() >= waitUntil) {
          throw new StateContentionError(
            `state of ${evaluation.ruleId} on ${evaluation.resourceId} has a write in progress elsewhere; retry later`,
            { context: { ...ref, pendingKey: pending.key } },
          );
        }
        await sleep(jitteredWait(waits++));
        continue;
      }
      if (
        !mine &&
        !(await deps.state.takeOver(ref, previous.sequence, owner, Date.now() + leaseMs, Date.now()))
      ) {
        conflicts++;
        continue;
      }
      await completePending(previous, owner, deps);
      // A claim whose response was lost (a timeout after it succeeded) comes back here as our own.
      if (mine && claimed !== undefined && pending.key === claimed.findingKey) return claimed;
      const { pending: _done, ...rest } = previous;
      previous = rest;
    }
    if (previous?.headKey === key || (await deps.evidence.exists(key))) {
      // A sweep re-reading an unchanged resource gives the same finding again; if it is still failing,
      // that is still worth a remediation attempt (the rule may have been switched on since).
      if (source.trigger === 'sweep' && previous?.compliance === 'NON_COMPLIANT') {
        await requestRemediation(item, evaluation, 'still-failing', source, deps, {
          requestId: findingIdOf(`${key}@${source.eventId ?? deps.clock().toISOString()}`),
          findingKey: key,
          ...(previous.headKey === key ? { findingHash: previous.headHash } : {}),
        });
      }
      return { evaluation, transition: 'DUPLICATE', findingKey: key, alerted: false };
    }
    const plan = planTransition(previous, evaluation.compliance, evaluation.captureTime);
    const evaluatedAt = deps.clock().toISOString();
    const finding = buildFinding(evaluation, item, source, deps, key, evaluatedAt, previous);
    const alert = isStatusChange(plan.transition)
      ? buildAlert(evaluation, finding, plan.transition, previous, deps, key)
      : undefined;
    const record: ComplianceRecord = {
      ...ref,
      ...(plan.compliance === undefined ? {} : { compliance: plan.compliance }),
      lastOutcome:
        plan.transition === 'STALE'
          ? (previous?.lastOutcome ?? evaluation.compliance)
          : evaluation.compliance,
      captureTime: plan.captureTime,
      evaluatedAt,
      annotation:
        plan.transition === 'STALE' ? (previous?.annotation ?? evaluation.annotation) : evaluation.annotation,
      severity: evaluation.severity,
      sequence: finding.sequence,
      headHash: finding.hash,
      headKey: key,
      ...observationFields(previous, plan.transition, evaluation, evaluatedAt),
      pending: {
        key,
        finding: serializeFinding(finding),
        ...(alert === undefined ? {} : { alert: JSON.stringify(alert) }),
        owner,
        leaseUntil: Date.now() + leaseMs,
      },
    };
    claimed = {
      evaluation,
      transition: plan.transition,
      findingKey: key,
      findingHash: finding.hash,
      sequence: finding.sequence,
      alerted: alert !== undefined,
    };
    // Asked before the claim, so a failure to ask is retried with the event (a conflict may ask twice;
    // the remediation function re-reads the resource and plans nothing for a fixed one).
    const reason = remediationReason(plan.transition, source);
    if (reason !== undefined) {
      await requestRemediation(item, evaluation, reason, source, deps, {
        requestId: finding.findingId,
        findingKey: key,
        findingHash: finding.hash,
      });
    }
    const claim = await deps.state.claim(record, previous?.sequence ?? 0);
    if (claim === 'conflict') {
      conflicts++;
      continue;
    }
    await completePending(record, owner, deps);
    return claimed;
  }
  throw new StateContentionError(
    `state of ${evaluation.ruleId} on ${evaluation.resourceId} kept changing; gave up after ${maxAttempts} attempts`,
    { context: { ...ref } },
  );
}

/** How long a claimed write belongs to its owner alone (default of `PipelineDeps.leaseMs`). */
export const DEFAULT_LEASE_MS = 30_000;

/** How long an invocation waits for another's write in progress (default of `PipelineDeps.pendingWaitMs`). */
export const DEFAULT_PENDING_WAIT_MS = 3_000;

/** 25 ms doubling up to 400 ms, with full jitter. */
function jitteredWait(attempt: number): number {
  return Math.random() * Math.min(400, 25 * 2 ** attempt);
}

/**
 * Finishes a claimed write as `owner`: store the finding (idempotent), publish its alert, then clear the
 * claim. On failure the lease is given back so the retry need not wait for it to run out.
 */
async function completePending(record: ComplianceRecord, owner: string, deps: PipelineDeps): Promise<void> {
  const pending = record.pending;
  if (pending === undefined) return;
  try {
    const finding: Finding = parseFinding(pending.finding);
    // Read before the put so the ledger hour is never later than the object's LastModified hour.
    const writtenAt = deps.clock().toISOString();
    await deps.evidence.putFinding(pending.key, finding);
    // Also on 'exists': an earlier attempt may have stored the finding but not its ledger row.
    await deps.ledger?.record({ key: pending.key, sha256: sha256Hex(serializeFinding(finding)), writtenAt });
    if (pending.alert !== undefined) {
      await deps.notifier.notify(AlertSchema.parse(JSON.parse(pending.alert)));
    }
    await deps.state.settle(record, record.sequence);
  } catch (error) {
    await deps.state.release(record, record.sequence, owner).catch(() => undefined);
    throw error;
  }
}

function buildFinding(
  evaluation: Evaluation,
  item: ConfigurationItem,
  source: PipelineSource,
  deps: PipelineDeps,
  key: string,
  evaluatedAt: string,
  previous: ComplianceRecord | undefined,
): Finding {
  return sealFinding({
    schemaVersion: FINDING_SCHEMA_VERSION,
    findingId: findingIdOf(key),
    evaluatedAt,
    ruleId: evaluation.ruleId,
    ruleTitle: ruleOf(deps, evaluation.ruleId)?.title ?? evaluation.ruleId,
    severity: evaluation.severity,
    soc2: [...evaluation.soc2],
    compliance: evaluation.compliance,
    annotation: evaluation.annotation,
    resource: {
      accountId: evaluation.accountId,
      region: evaluation.region,
      resourceType: evaluation.resourceType,
      resourceId: evaluation.resourceId,
      ...(evaluation.resourceName === undefined ? {} : { resourceName: evaluation.resourceName }),
      ...(evaluation.arn === undefined ? {} : { arn: evaluation.arn }),
    },
    configurationItem: { captureTime: evaluation.captureTime, status: item.status },
    source: { trigger: source.trigger, ...(source.eventId === undefined ? {} : { eventId: source.eventId }) },
    sequence: (previous?.sequence ?? 0) + 1,
    previousHash: previous?.headHash ?? null,
    previousKey: previous?.headKey ?? null,
    ...exemptionField(item, evaluation.ruleId),
  });
}

/** The finding's `exemption` when the resource is tagged `vigil:exempt` for this rule (or `all`). */
function exemptionField(item: ConfigurationItem, ruleId: string): Pick<UnsealedFinding, 'exemption'> {
  const exemption = exemptionOf(item.tags, ruleId);
  return exemption === undefined ? {} : { exemption };
}

/**
 * Why a transition hands a failure to auto-remediation, if it does: a new failure always; a repeat only when
 * the scheduled sweep finds it (change events re-judging a resource that is still failing do not queue it
 * again), so failures that predate the toggle, or outlived an attempt, are fixed within a sweep period.
 */
function remediationReason(transition: Transition, source: PipelineSource): RemediationReason | undefined {
  if (transition === 'NEW_FAILURE') return 'new-failure';
  return transition === 'STILL_FAILING' && source.trigger === 'sweep' ? 'still-failing' : undefined;
}

/** Asks for an auto-remediation of a failing resource that is not exempt. */
async function requestRemediation(
  item: ConfigurationItem,
  evaluation: Evaluation,
  reason: RemediationReason,
  source: PipelineSource,
  deps: PipelineDeps,
  ref: { readonly requestId: string; readonly findingKey: string; readonly findingHash?: string },
): Promise<void> {
  const requester = deps.remediation;
  if (requester === undefined || evaluation.compliance !== 'NON_COMPLIANT') return;
  if (exemptionOf(item.tags, evaluation.ruleId) !== undefined) return;
  if (!(await requester.wants(evaluation.ruleId, reason))) return;
  await requester.request(
    buildRemediationRequest({
      requestId: ref.requestId,
      ruleId: evaluation.ruleId,
      item,
      source: source.trigger,
      ...(source.eventId === undefined ? {} : { eventId: source.eventId }),
      findingKey: ref.findingKey,
      ...(ref.findingHash === undefined ? {} : { findingHash: ref.findingHash }),
      requestedAt: deps.clock(),
    }),
  );
}

function buildAlert(
  evaluation: Evaluation,
  finding: Finding,
  transition: Transition,
  previous: ComplianceRecord | undefined,
  deps: PipelineDeps,
  key: string,
): Alert {
  const rule = ruleOf(deps, evaluation.ruleId);
  return {
    transition: transition === 'RESOLVED' ? 'RESOLVED' : 'NEW_FAILURE',
    ruleId: evaluation.ruleId,
    ruleTitle: rule?.title ?? evaluation.ruleId,
    severity: evaluation.severity,
    soc2: [...evaluation.soc2],
    compliance: evaluation.compliance,
    ...(previous?.compliance === undefined ? {} : { previousCompliance: previous.compliance }),
    annotation: evaluation.annotation,
    remediationAdvice: rule?.remediationAdvice ?? '',
    resource: finding.resource,
    captureTime: evaluation.captureTime,
    evaluatedAt: finding.evaluatedAt,
    evidence: {
      key,
      hash: finding.hash,
      ...(deps.evidenceLocation === undefined ? {} : { location: deps.evidenceLocation(key) }),
    },
    ...(transition === 'RESOLVED' && previous?.failingSince !== undefined
      ? {
          failingSince: previous.failingSince,
          ...(previous.repeatCount === undefined ? {} : { repeatCount: previous.repeatCount }),
        }
      : {}),
  };
}
