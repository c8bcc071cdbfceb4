import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { sha256Hex } from '#shared/evidence/finding';
import { buildRemediationRequest, type RemediationReason } from '#shared/remediations/request';
import type { Evaluation } from '#shared/rules/engine';
import type { ResourceState } from '#shared/state/compliance-state';
import type { MarksByRule, RemediationRef } from './claim';
import type { PipelineDeps, PipelineSource, RecordedEvaluation } from './process';

/**
 * A sweep that finds a resource unchanged and still failing asks for its remediation again (the rule may
 * have been switched on since).
 */
export async function remediateStillFailing(
  item: ConfigurationItem,
  recorded: readonly RecordedEvaluation[],
  source: PipelineSource,
  deps: PipelineDeps,
  previous: ResourceState,
  marks: MarksByRule,
): Promise<void> {
  if (source.trigger !== 'sweep') return;
  for (const entry of recorded) {
    const rule = previous.rules[entry.evaluation.ruleId];
    if (rule?.compliance !== 'NON_COMPLIANT') continue;
    await requestRemediation(
      item,
      entry.evaluation,
      'still-failing',
      source,
      deps,
      {
        requestId: sha256Hex(`${rule.headHash}@${source.eventId ?? deps.clock().toISOString()}`).slice(0, 32),
        ...(entry.evidenceKey === undefined ? {} : { evidenceKey: entry.evidenceKey }),
        findingHash: rule.headHash,
      },
      marks,
    );
  }
}

/** Asks for an auto-remediation of a failing resource that no acceptance covers (a bare exemption tag does not). */
export async function requestRemediation(
  item: ConfigurationItem,
  evaluation: Evaluation,
  reason: RemediationReason,
  source: PipelineSource,
  deps: PipelineDeps,
  ref: RemediationRef,
  marks: MarksByRule,
): Promise<void> {
  const requester = deps.remediation;
  if (requester === undefined || evaluation.compliance !== 'NON_COMPLIANT') return;
  if (marks.get(evaluation.ruleId)?.acceptance !== undefined) return;
  if (!(await requester.wants(evaluation.ruleId, reason))) return;
  await requester.request(
    buildRemediationRequest({
      requestId: ref.requestId,
      ruleId: evaluation.ruleId,
      item,
      source: source.trigger,
      ...(source.eventId === undefined ? {} : { eventId: source.eventId }),
      ...(ref.evidenceKey === undefined ? {} : { findingKey: ref.evidenceKey }),
      ...(ref.findingHash === undefined ? {} : { findingHash: ref.findingHash }),
      requestedAt: deps.clock(),
    }),
  );
}
