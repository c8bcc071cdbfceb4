import { type FindingMarks, marksFor } from '#shared/acceptances/lookup';
import type { RegisterView } from '#shared/acceptances/register-chain';
import type { Alert } from '#shared/alerts/alert';
import { type ConfigurationItem, resourceIdentityOf } from '#shared/config-item/configuration-item';
import {
  EVIDENCE_SCHEMA_VERSION,
  type Finding,
  recordLine,
  sealAttestation,
  sealFinding,
} from '#shared/evidence/finding';
import type { RemediationReason } from '#shared/remediations/request';
import type { Evaluation } from '#shared/rules/engine';
import type { Rule } from '#shared/rules/rule';
import {
  isStatusChange,
  observationFields,
  planTransition,
  type ResourceRef,
  type ResourceState,
  type RuleState,
  type Transition,
} from '#shared/state/compliance-state';
import type { EvidenceBatch, StagedEvidence } from './evidence-batch';
import type { Decision, PipelineDeps, PipelineSource, RecordedEvaluation } from './process';

/** What the register and the tags say about each rule of one item. */
export type MarksByRule = ReadonlyMap<string, FindingMarks>;

/**
 * The marks of every evaluation of an item at `now` (the time its findings are evaluated at, which is what
 * `vigil verify` checks the acceptance against), from the register read once per item (cached).
 */
export function marksOf(
  item: ConfigurationItem,
  evaluations: readonly Evaluation[],
  register: RegisterView | undefined,
  now: Date,
): MarksByRule {
  return new Map(
    evaluations.map((evaluation) => [
      evaluation.ruleId,
      marksFor(
        register,
        {
          ruleId: evaluation.ruleId,
          accountId: item.accountId,
          region: item.region,
          resourceId: item.resourceId,
          ...(item.arn === undefined ? {} : { arn: item.arn }),
        },
        item.tags,
        now,
      ),
    ]),
  );
}

/** The state-table key of an item's resource. */
export function resourceRefOf(item: ConfigurationItem): ResourceRef {
  return {
    accountId: item.accountId,
    region: item.region,
    resourceType: item.resourceType,
    resourceId: item.resourceId,
  };
}

/**
 * An item whose content and verdicts equal the stored ones: a duplicate keeps nothing, anything else is
 * attested (one line for every rule) without writing the state row.
 */
export function unchangedRecords(
  item: ConfigurationItem,
  evaluations: readonly Evaluation[],
  source: PipelineSource,
  deps: PipelineDeps,
  batch: EvidenceBatch,
  previous: ResourceState,
  decision: Exclude<Decision, 'record'>,
): { recorded: RecordedEvaluation[]; attestation?: StagedEvidence } {
  const key = decision === 'attest' ? batch.keyFor(item.accountId, item.region) : undefined;
  const recorded = evaluations.map((evaluation): RecordedEvaluation => {
    const rule = previous.rules[evaluation.ruleId];
    const failing = rule?.compliance === 'NON_COMPLIANT';
    return {
      evaluation,
      transition: decision === 'duplicate' ? 'DUPLICATE' : failing ? 'STILL_FAILING' : 'STILL_PASSING',
      recording: decision === 'duplicate' ? 'none' : 'attestation',
      ...(key === undefined ? {} : { evidenceKey: key }),
      ...(rule === undefined ? {} : { findingHash: rule.headHash, sequence: rule.sequence }),
      alerted: false,
    };
  });
  if (decision !== 'attest') return { recorded };
  const attestation = sealAttestation({
    kind: 'attestation',
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    attestedAt: deps.clock().toISOString(),
    resource: resourceIdentityOf(item),
    configurationItem: { captureTime: item.captureTime, sha256: previous.itemSha256 },
    source: sourceOf(source),
    rules: evaluations.flatMap((evaluation) => {
      const rule = previous.rules[evaluation.ruleId];
      return rule === undefined
        ? []
        : [
            {
              ruleId: evaluation.ruleId,
              severity: evaluation.severity,
              soc2: [...evaluation.soc2],
              compliance: evaluation.compliance,
              sequence: rule.sequence,
              headHash: rule.headHash,
            },
          ];
    }),
  });
  return { recorded, attestation: { lines: [recordLine(attestation)], alerts: [] } };
}

/** The new state, evidence lines, alerts and remediation requests of a recorded item. */
export interface Claim {
  readonly state: Omit<ResourceState, 'version' | 'pending'>;
  readonly lines: string[];
  readonly alerts: Alert[];
  readonly recorded: RecordedEvaluation[];
  readonly remediations: {
    readonly evaluation: Evaluation;
    readonly reason: RemediationReason;
    readonly ref: RemediationRef;
  }[];
}

export function buildClaim(
  item: ConfigurationItem,
  evaluations: readonly Evaluation[],
  source: PipelineSource,
  deps: PipelineDeps,
  key: string,
  evaluatedAt: string,
  sha256: string,
  previous: ResourceState | undefined,
  marks: MarksByRule,
): Claim {
  const rules: Record<string, RuleState> = { ...(previous?.rules ?? {}) };
  const lines: string[] = [];
  const alerts: Alert[] = [];
  const recorded: RecordedEvaluation[] = [];
  const remediations: Claim['remediations'] = [];
  const stale = previous !== undefined && Date.parse(item.captureTime) < Date.parse(previous.captureTime);
  for (const evaluation of evaluations) {
    const before = previous?.rules[evaluation.ruleId];
    const plan = planTransition(
      before === undefined || previous === undefined
        ? undefined
        : {
            ...(before.compliance === undefined ? {} : { compliance: before.compliance }),
            captureTime: previous.captureTime,
          },
      evaluation.compliance,
      evaluation.captureTime,
    );
    const finding = sealFinding({
      kind: 'finding',
      schemaVersion: EVIDENCE_SCHEMA_VERSION,
      evaluatedAt,
      ruleId: evaluation.ruleId,
      severity: evaluation.severity,
      soc2: [...evaluation.soc2],
      compliance: evaluation.compliance,
      annotation: evaluation.annotation,
      resource: resourceIdentityOf(item),
      configurationItem: { captureTime: evaluation.captureTime, status: item.status, sha256 },
      source: sourceOf(source),
      sequence: (before?.sequence ?? 0) + 1,
      previousHash: before?.headHash ?? null,
      ...marks.get(evaluation.ruleId),
    });
    lines.push(recordLine(finding));
    const accepted = finding.acceptance !== undefined;
    // An accepted risk is recorded (marked) but muted: no alert, no remediation (see docs/acceptances.md).
    const alert =
      isStatusChange(plan.transition) && !accepted
        ? buildAlert(evaluation, finding, plan.transition, before, deps, key)
        : undefined;
    if (alert !== undefined) alerts.push(alert);
    rules[evaluation.ruleId] = {
      ...(plan.compliance === undefined ? {} : { compliance: plan.compliance }),
      lastOutcome:
        plan.transition === 'STALE' ? (before?.lastOutcome ?? evaluation.compliance) : evaluation.compliance,
      annotation:
        plan.transition === 'STALE' ? (before?.annotation ?? evaluation.annotation) : evaluation.annotation,
      severity: evaluation.severity,
      evaluatedAt,
      sequence: finding.sequence,
      headHash: finding.hash,
      ...observationFields(before, plan.transition, evaluation, evaluatedAt),
      ...(finding.acceptance === undefined ? {} : { acceptanceId: finding.acceptance.id }),
    };
    recorded.push({
      evaluation,
      transition: plan.transition,
      recording: 'finding',
      evidenceKey: key,
      findingHash: finding.hash,
      sequence: finding.sequence,
      alerted: alert !== undefined,
    });
    const reason = remediationReason(plan.transition, source);
    if (reason !== undefined && !accepted) {
      remediations.push({
        evaluation,
        reason,
        ref: { requestId: finding.hash.slice(0, 32), evidenceKey: key, findingHash: finding.hash },
      });
    }
  }
  const name = stale ? previous : item;
  return {
    state: {
      ...resourceRefOf(item),
      ...(name?.resourceName === undefined ? {} : { resourceName: name.resourceName }),
      ...(name?.arn === undefined ? {} : { arn: name.arn }),
      captureTime: stale ? previous.captureTime : item.captureTime,
      itemSha256: stale ? previous.itemSha256 : sha256,
      rules,
    },
    lines,
    alerts,
    recorded,
    remediations,
  };
}

function sourceOf(source: PipelineSource): Finding['source'] {
  return { trigger: source.trigger, ...(source.eventId === undefined ? {} : { eventId: source.eventId }) };
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

/** Which request and evidence a remediation refers to. */
export interface RemediationRef {
  readonly requestId: string;
  readonly evidenceKey?: string;
  readonly findingHash?: string;
}

/**
 * A recovered alert pointing at the object its finding is now written to: the batch object it named first
 * was never stored.
 */
export function relocated(alert: Alert, key: string, deps: PipelineDeps): Alert {
  const { location: _unstored, ...evidence } = alert.evidence;
  return {
    ...alert,
    evidence: {
      ...evidence,
      key,
      ...(deps.evidenceLocation === undefined ? {} : { location: deps.evidenceLocation(key) }),
    },
  };
}

function ruleOf(deps: PipelineDeps, ruleId: string): Rule | undefined {
  return deps.engine.rules.find((rule) => rule.id === ruleId);
}

function buildAlert(
  evaluation: Evaluation,
  finding: Finding,
  transition: Transition,
  previous: RuleState | undefined,
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
