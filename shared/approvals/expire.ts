import type { SlackWebhook } from '#shared/alerts/slack-webhook';
import type { RemediationRecord, RemediationRecordStore } from '#shared/remediations/record';
import { storeDecisionRecord } from './decision-record';
import type { ApprovalLog } from './request-approval';
import { approvalOutcomeMessage } from './slack-message';
import type { ApprovalStore } from './store';

/** What an expiry pass did. */
export interface ExpiryPass {
  readonly pending: number;
  readonly expired: readonly { readonly approvalId: string; readonly key: string }[];
}

/**
 * Records `expired` for every pending approval past its expiry (a conditional pending → expired move, so a
 * decision racing the pass wins or loses cleanly), and posts a message saying so (a webhook cannot edit the
 * original message; an interaction's `response_url` exists only once someone clicked). Reads: one Query of
 * the approval partition, however large the account.
 */
export async function expireApprovals(deps: {
  readonly store: ApprovalStore;
  readonly records: RemediationRecordStore;
  readonly clock: () => Date;
  readonly actor: RemediationRecord['actor'];
  readonly slack?: Pick<SlackWebhook, 'send'>;
  readonly log?: ApprovalLog;
}): Promise<ExpiryPass> {
  const now = deps.clock();
  const pending = await deps.store.listPending();
  const expired: { approvalId: string; key: string }[] = [];
  for (const approval of pending) {
    const { document } = approval;
    if (new Date(document.expiresAt).getTime() > now.getTime()) continue;
    const decidedAt = now.toISOString();
    if (
      !(await deps.store.transition(document.approvalId, 'pending', 'expired', {
        decision: 'expire',
        decidedAt,
      }))
    )
      continue;
    const stored = await storeDecisionRecord(document.requestRecord, {
      outcome: 'expired',
      reason: `nobody decided before ${document.expiresAt}; nothing was changed`,
      approval: {
        approvalId: document.approvalId,
        planHash: document.planHash,
        requestedAt: document.requestedAt,
        expiresAt: document.expiresAt,
        decision: 'expire',
        decidedAt,
        requestKey: document.requestKey,
      },
      startedAt: now,
      finishedAt: deps.clock(),
      actor: deps.actor,
      records: deps.records,
    });
    await deps.store.transition(document.approvalId, 'expired', 'done', { outcomeKey: stored.key });
    expired.push({ approvalId: document.approvalId, key: stored.key });
    if (deps.slack !== undefined) {
      try {
        const { replace_original: _replace, ...message } = approvalOutcomeMessage({
          approvalId: document.approvalId,
          headline: ':hourglass: Approval request expired',
          record: stored.record,
          location: deps.records.location(stored.key),
        });
        await deps.slack.send(message);
      } catch (error) {
        deps.log?.warn('expiry not posted to Slack', {
          approvalId: document.approvalId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
  return { pending: pending.length, expired };
}
