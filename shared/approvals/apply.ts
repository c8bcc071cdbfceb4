import { finish, plannedOf } from '#shared/remediations/finish';
import type { ApprovalInfo } from '#shared/remediations/record';
import type { RemediationRequest } from '#shared/remediations/request';
import {
  applyPlan,
  prepareRemediation,
  type RemediationDeps,
  type RemediationResult,
} from '#shared/remediations/run';
import type { ApprovalDecisionMessage } from './decision-message';
import { decisionRecordId, storeDecisionRecord } from './decision-record';
import { planHash } from './plan-hash';
import type { ApprovalLog } from './request-approval';
import { approvalOutcomeMessage } from './slack-message';
import type { SlackResponder } from './slack-responder';
import type { ApprovalStore } from './store';

/** The remediation function's extra ports for approved plans. */
export interface ApplyDeps {
  readonly store: ApprovalStore;
  readonly responder?: SlackResponder;
  readonly log?: ApprovalLog;
}

const HEADLINES: Readonly<Record<string, string>> = {
  remediated: ':white_check_mark: Approved and remediated',
  failed: ':x: Approved, but the remediation failed',
  refused: ':warning: Approved, but not applied',
  'rate-limited': ':warning: Approved, but rate-limited',
  exempt: ':information_source: Approved, but the resource is exempt now',
};

/**
 * Acts on an approved plan (in the remediation function, which holds the write permissions): claims it
 * (approved → applying), checks the rule is still in `approve` or `on` mode, reads the resource again and
 * re-plans; makes the calls only if it still fails and the new plan's hash equals the approved one, else
 * records `refused` ("resource changed"). Every outcome is a locked record carrying the approval, and the
 * Slack message is updated with it.
 * @returns undefined when the decision was already taken up (a redelivered message).
 */
export async function applyApproved(
  message: ApprovalDecisionMessage,
  deps: RemediationDeps,
  approvals: ApplyDeps,
): Promise<{ readonly request: RemediationRequest; readonly result: RemediationResult } | undefined> {
  const stored = await approvals.store.get(message.approvalId);
  if (stored === undefined || stored.status !== 'approved') return undefined;
  if (!(await approvals.store.transition(message.approvalId, 'approved', 'applying'))) return undefined;
  const { document } = stored;
  const request = document.request;
  const approval: ApprovalInfo = {
    approvalId: document.approvalId,
    planHash: document.planHash,
    requestedAt: document.requestedAt,
    expiresAt: document.expiresAt,
    decision: 'approve',
    approver: message.approver,
    decidedAt: message.decidedAt,
    ...(message.comment === undefined ? {} : { comment: message.comment }),
    requestKey: document.requestKey,
  };
  const recordId = decisionRecordId(request.requestId, 'approve');
  const startedAt = deps.clock();
  const refuse = async (reason: string): Promise<RemediationResult> => {
    const written = await storeDecisionRecord(document.requestRecord, {
      outcome: 'refused',
      reason: `refused: ${reason}`,
      approval,
      startedAt,
      finishedAt: deps.clock(),
      actor: deps.actor,
      records: deps.records,
    });
    return { status: 'recorded', outcome: 'refused', ...written, alerted: false };
  };

  let result: RemediationResult;
  const mode = await deps.toggles.modeOf(request.ruleId);
  if (mode !== 'approve' && mode !== 'on') {
    result = await refuse(`remediation of ${request.ruleId} is ${mode} now`);
  } else {
    const preparation = await prepareRemediation(request, deps, { mode: 'approve', recordId, approval });
    if (preparation.kind === 'done') {
      result =
        preparation.result.status === 'skipped'
          ? await refuse(`resource changed: ${preparation.result.reason}`)
          : preparation.result;
    } else if (planHash(plannedOf(preparation.run.planned)) !== document.planHash) {
      result = await finish(preparation.run.base, deps, {
        outcome: 'refused',
        reason:
          'refused: resource changed: the plan made now differs from the approved plan; nothing was changed',
        planned: preparation.run.planned,
        approval,
      });
    } else {
      result = await applyPlan(preparation.run, deps, approval);
    }
  }
  if (result.status === 'recorded') {
    await approvals.store.transition(message.approvalId, 'applying', 'done', { outcomeKey: result.key });
    if (message.responseUrl !== undefined && approvals.responder !== undefined) {
      try {
        await approvals.responder.respond(
          message.responseUrl,
          approvalOutcomeMessage({
            approvalId: message.approvalId,
            headline: HEADLINES[result.outcome] ?? `Approved: ${result.outcome}`,
            record: result.record,
            approver: message.approver,
            location: deps.records.location(result.key),
          }),
        );
      } catch (error) {
        approvals.log?.warn('Slack message not updated', {
          approvalId: message.approvalId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
  return { request, result };
}
