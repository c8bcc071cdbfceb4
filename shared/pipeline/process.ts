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
import { exemptionOf } from '#shared/remediations/exemption';
import { buildRemediationRequest, type RemediationRequester } from '#shared/remediations/request';
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
 * (with the finding kept in the row as a pending write), then store the finding, alert, and settle.
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
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let previous = await deps.state.get(ref);
    if (previous?.pending) {
      await completePending(previous, deps);
      const { pending: _done, ...rest } = previous;
      previous = rest;
    }
    if (previous?.headKey === key || (await deps.evidence.exists(key))) {
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
      },
    };
    // Asked before the claim, so a failure to ask is retried with the event (a conflict may ask twice;
    // the remediation function re-reads the resource and plans nothing for a fixed one).
    await requestRemediation(item, evaluation, plan.transition, finding, key, source, deps);
    const claim = await deps.state.claim(record, previous?.sequence ?? 0);
    if (claim === 'conflict') continue;
    await completePending(record, deps);
    return {
      evaluation,
      transition: plan.transition,
      findingKey: key,
      findingHash: finding.hash,
      sequence: finding.sequence,
      alerted: alert !== undefined,
    };
  }
  throw new StateContentionError(
    `state of ${evaluation.ruleId} on ${evaluation.resourceId} kept changing; gave up after ${maxAttempts} attempts`,
    { context: { ...ref } },
  );
}

/** Finishes a claimed write: store the finding (idempotent), publish its alert, then clear the claim. */
async function completePending(record: ComplianceRecord, deps: PipelineDeps): Promise<void> {
  const pending = record.pending;
  if (pending === undefined) return;
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

/** Asks for an auto-remediation when a rule starts failing on a resource that is not exempt. */
async function requestRemediation(
  item: ConfigurationItem,
  evaluation: Evaluation,
  transition: Transition,
  finding: Finding,
  key: string,
  source: PipelineSource,
  deps: PipelineDeps,
): Promise<void> {
  const requester = deps.remediation;
  if (requester === undefined || transition !== 'NEW_FAILURE' || evaluation.compliance !== 'NON_COMPLIANT')
    return;
  if (finding.exemption !== undefined || !(await requester.wants(evaluation.ruleId))) return;
  await requester.request(
    buildRemediationRequest({
      requestId: finding.findingId,
      ruleId: evaluation.ruleId,
      item,
      source: source.trigger,
      ...(source.eventId === undefined ? {} : { eventId: source.eventId }),
      findingKey: key,
      findingHash: finding.hash,
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
  };
}
