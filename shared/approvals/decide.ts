import type {
  ApprovalInfo,
  Approver,
  RemediationRecord,
  RemediationRecordStore,
} from '#shared/remediations/record';
import { type ApproverMap, isApprover } from './approvers';
import type { DecisionDispatcher } from './decision-message';
import { storeDecisionRecord } from './decision-record';
import type { ApprovalLog } from './request-approval';
import { approvalOutcomeMessage, ephemeralReply } from './slack-message';
import type { SlackResponder } from './slack-responder';
import type { ApprovalStore, StoredApproval } from './store';

/** The ports a decision reads and writes. */
export interface DecisionDeps {
  readonly store: ApprovalStore;
  readonly approvers: ApproverMap;
  readonly records: RemediationRecordStore;
  readonly dispatcher: DecisionDispatcher;
  readonly responder?: SlackResponder;
  readonly clock: () => Date;
  readonly actor: RemediationRecord['actor'];
  readonly log?: ApprovalLog;
}

/** A decision someone made (or a signed request that claims one). */
export interface DecisionInput {
  readonly approvalId: string;
  readonly decision: 'approve' | 'reject';
  readonly approver: Approver;
  readonly comment?: string;
  /** Slack's `response_url` of the interaction, to update the message. */
  readonly responseUrl?: string;
  /** Why the request is refused before its decision is even considered (a replayed or stale Slack request). */
  readonly refusal?: string;
}

/** What became of a decision. */
export type DecisionResult =
  | { readonly status: 'unknown'; readonly reason: string }
  | { readonly status: 'accepted'; readonly approvalId: string }
  | {
      readonly status: 'recorded';
      readonly outcome: 'rejected' | 'expired' | 'refused';
      readonly reason: string;
      readonly key: string;
      readonly record: RemediationRecord;
    };

function approvalInfo(approval: StoredApproval, input: DecisionInput, decidedAt: Date): ApprovalInfo {
  const { document } = approval;
  return {
    approvalId: document.approvalId,
    planHash: document.planHash,
    requestedAt: document.requestedAt,
    expiresAt: document.expiresAt,
    decision: input.decision,
    approver: input.approver,
    decidedAt: decidedAt.toISOString(),
    ...(input.comment === undefined ? {} : { comment: input.comment }),
    requestKey: document.requestKey,
  };
}

/**
 * Takes one decision on an approval request. Refused and recorded (locked, with the claimed approver and the
 * reason): a replayed or stale request, an approver not listed for the rule, a decision on a request already
 * decided. A decision after the expiry records the request `expired`. A rejection is recorded `rejected`. An
 * approval claims the request (pending → approved, conditionally) and hands it to the remediation queue,
 * where the remediation function re-reads the resource and acts only if the plan is unchanged.
 * @throws when the approval row, the record or the queue cannot be written (nothing is lost: the request
 * stays pending and the person can click again).
 */
export async function decideApproval(input: DecisionInput, deps: DecisionDeps): Promise<DecisionResult> {
  const now = deps.clock();
  const approval = await deps.store.get(input.approvalId);
  if (approval === undefined) return { status: 'unknown', reason: `no approval request ${input.approvalId}` };
  const info = approvalInfo(approval, input, now);
  const record = async (
    outcome: 'rejected' | 'expired' | 'refused',
    reason: string,
  ): Promise<DecisionResult> => {
    const stored = await storeDecisionRecord(approval.document.requestRecord, {
      outcome,
      reason,
      approval: info,
      startedAt: now,
      finishedAt: deps.clock(),
      actor: deps.actor,
      records: deps.records,
    });
    return { status: 'recorded', outcome, reason, ...stored };
  };

  if (input.refusal !== undefined) return record('refused', `refused: ${input.refusal}`);
  const ruleId = approval.document.ruleId;
  if (!isApprover(deps.approvers, ruleId, input.approver)) {
    const result = await record(
      'refused',
      `refused: ${input.approver.channel} ${input.approver.id} is not an approver of ${ruleId}`,
    );
    await reply(
      deps,
      input,
      ephemeralReply(`You are not on the approvers list of ${ruleId}; nothing was changed.`),
    );
    return result;
  }
  if (approval.status !== 'pending') return refuseDecided(approval, input, deps, record);
  if (new Date(approval.document.expiresAt).getTime() <= now.getTime()) {
    if (
      !(await deps.store.transition(input.approvalId, 'pending', 'expired', {
        decision: 'expire',
        decidedAt: now.toISOString(),
      }))
    )
      return refuseDecided(approval, input, deps, record);
    const result = await record(
      'expired',
      `expired at ${approval.document.expiresAt}; the ${input.decision} came too late`,
    );
    if (result.status === 'recorded')
      await reply(
        deps,
        input,
        approvalOutcomeMessage({
          approvalId: input.approvalId,
          headline: ':hourglass: Approval request expired',
          record: result.record,
          approver: input.approver,
          location: deps.records.location(result.key),
        }),
      );
    return result;
  }
  const claimed = await deps.store.transition(
    input.approvalId,
    'pending',
    input.decision === 'approve' ? 'approved' : 'rejected',
    {
      decision: input.decision,
      approver: input.approver,
      decidedAt: now.toISOString(),
      ...(input.comment === undefined ? {} : { comment: input.comment }),
      ...(input.responseUrl === undefined ? {} : { responseUrl: input.responseUrl }),
    },
    now,
  );
  if (!claimed)
    return refuseDecided((await deps.store.get(input.approvalId)) ?? approval, input, deps, record);
  if (input.decision === 'reject') {
    const result = await record(
      'rejected',
      `rejected by ${input.approver.channel} ${input.approver.id}${input.comment === undefined ? '' : `: ${input.comment}`}`,
    );
    await deps.store.transition(
      input.approvalId,
      'rejected',
      'done',
      result.status === 'recorded' ? { outcomeKey: result.key } : {},
    );
    if (result.status === 'recorded')
      await reply(
        deps,
        input,
        approvalOutcomeMessage({
          approvalId: input.approvalId,
          headline: ':no_entry_sign: Remediation rejected',
          record: result.record,
          approver: input.approver,
          location: deps.records.location(result.key),
        }),
      );
    return result;
  }
  try {
    await deps.dispatcher.dispatch({
      version: 1,
      kind: 'approval-decision',
      approvalId: input.approvalId,
      approver: input.approver,
      decidedAt: now.toISOString(),
      ...(input.comment === undefined ? {} : { comment: input.comment }),
      ...(input.responseUrl === undefined ? {} : { responseUrl: input.responseUrl }),
    });
  } catch (error) {
    // Back to pending, so the approval can be given again.
    await deps.store.transition(input.approvalId, 'approved', 'pending').catch(() => false);
    throw error;
  }
  await reply(deps, input, {
    replace_original: true,
    text: `Approved by ${input.approver.channel === 'slack' ? `<@${input.approver.id}>` : input.approver.id}; re-reading the resource and applying the plan if it is unchanged.`,
  });
  return { status: 'accepted', approvalId: input.approvalId };
}

async function refuseDecided(
  approval: StoredApproval,
  input: DecisionInput,
  deps: DecisionDeps,
  record: (outcome: 'refused', reason: string) => Promise<DecisionResult>,
): Promise<DecisionResult> {
  const result = await record(
    'refused',
    `refused: approval ${input.approvalId} is already ${approval.status}`,
  );
  await reply(
    deps,
    input,
    ephemeralReply(`This request is already ${approval.status}; nothing was changed.`),
  );
  return result;
}

/** Posts to the interaction's `response_url`, if any; a failure is logged, never thrown (the decision stands). */
async function reply(deps: DecisionDeps, input: DecisionInput, message: unknown): Promise<void> {
  if (input.responseUrl === undefined || deps.responder === undefined || input.refusal !== undefined) return;
  try {
    await deps.responder.respond(input.responseUrl, message);
  } catch (error) {
    deps.log?.warn('Slack message not updated', {
      approvalId: input.approvalId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
