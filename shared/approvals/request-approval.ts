import { randomBytes } from 'node:crypto';
import type { SlackWebhook } from '#shared/alerts/slack-webhook';
import { announce, plannedOf, storeRecord } from '#shared/remediations/finish';
import type { ApprovalRequester, PreparedRun, RemediationDeps } from '#shared/remediations/run';
import { planHash } from './plan-hash';
import { approvalRequestMessage } from './slack-message';
import type { ApprovalStore } from './store';

/** Default time a person has to decide. */
export const DEFAULT_APPROVAL_TTL_HOURS = 24;

/** A new approval id: 128 random bits as 32 hex digits (it rides in Slack payloads and CLI arguments). */
export function newApprovalId(): string {
  return randomBytes(16).toString('hex');
}

/** Where a problem posting the approval message is reported. */
export interface ApprovalLog {
  warn(message: string, attributes: Record<string, unknown>): void;
}

/**
 * Approve mode's requester: records the plan as `awaiting-approval` (locked, with the approval id, the plan's
 * hash and the expiry), adds the pending approval row, and posts the request with Approve / Reject buttons to
 * Slack. When there is no Slack webhook, or posting fails, the usual `REMEDIATION_PLANNED` alert goes out
 * instead, so a pending approval never goes unannounced.
 */
export class StoredApprovalRequester implements ApprovalRequester {
  readonly #store: ApprovalStore;
  readonly #ttlMs: number;
  readonly #slack: Pick<SlackWebhook, 'send'> | undefined;
  readonly #log: ApprovalLog | undefined;
  readonly #newId: () => string;

  constructor(options: {
    readonly store: ApprovalStore;
    readonly ttlHours?: number;
    readonly slack?: Pick<SlackWebhook, 'send'>;
    readonly log?: ApprovalLog;
    readonly newId?: () => string;
  }) {
    this.#store = options.store;
    this.#ttlMs = (options.ttlHours ?? DEFAULT_APPROVAL_TTL_HOURS) * 3_600_000;
    this.#slack = options.slack;
    this.#log = options.log;
    this.#newId = options.newId ?? newApprovalId;
  }

  async requestApproval(prepared: PreparedRun, deps: RemediationDeps) {
    const { base, planned } = prepared;
    const approvalId = this.#newId();
    const requestedAt = deps.clock();
    const expiresAt = new Date(requestedAt.getTime() + this.#ttlMs);
    const approval = {
      approvalId,
      planHash: planHash(plannedOf(planned)),
      requestedAt: requestedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
    };
    const end = {
      outcome: 'awaiting-approval' as const,
      reason: `awaiting approval ${approvalId} until ${approval.expiresAt}; nothing was changed`,
      planned,
      approval,
    };
    // The record first: a pending approval always has its evidence. If the row cannot be written the message
    // is retried and a new approval made; the orphaned record names an approval nobody can decide.
    const stored = await storeRecord(base, deps, end);
    await this.#store.create({
      approvalId,
      ruleId: base.rule.id,
      request: base.request,
      planHash: approval.planHash,
      requestedAt: approval.requestedAt,
      expiresAt: approval.expiresAt,
      requestKey: stored.key,
      requestRecord: stored.record,
    });
    if (this.#slack !== undefined) {
      try {
        await this.#slack.send(
          approvalRequestMessage({
            approvalId,
            record: stored.record,
            location: deps.records.location(stored.key),
          }),
        );
        return { status: 'recorded' as const, outcome: end.outcome, ...stored, alerted: true };
      } catch (error) {
        this.#log?.warn('approval request not posted to Slack; alerting instead', {
          approvalId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return announce(base, deps, end, stored);
  }
}
