import { randomBytes } from 'node:crypto';
import { RemediationEvidenceError } from '#shared/remediations/errors';
import {
  type ApprovalInfo,
  type RemediationOutcome,
  type RemediationRecord,
  type RemediationRecordStore,
  remediationKey,
  sealRecord,
} from '#shared/remediations/record';

/** A record id of its own for a decision on an approval: `<request id>:<decision>-<random>`. */
export function decisionRecordId(requestId: string, decision: string): string {
  return `${requestId}:${decision}-${randomBytes(8).toString('hex')}`;
}

/**
 * Stores the locked record of a decision that changed nothing (rejected, expired, refused): the plan and the
 * resource state of the `awaiting-approval` record it answers, with the decision, who made it and why.
 */
export async function storeDecisionRecord(
  awaiting: RemediationRecord,
  options: {
    readonly outcome: Extract<RemediationOutcome, 'rejected' | 'expired' | 'refused'>;
    readonly reason: string;
    readonly approval: ApprovalInfo;
    readonly startedAt: Date;
    readonly finishedAt: Date;
    readonly actor: RemediationRecord['actor'];
    readonly records: RemediationRecordStore;
  },
): Promise<{ readonly key: string; readonly record: RemediationRecord }> {
  const { hash: _hash, after: _after, rateLimit: _rateLimit, exemption: _exemption, ...rest } = awaiting;
  const record = sealRecord({
    ...rest,
    recordId: decisionRecordId(awaiting.trigger.requestId, options.approval.decision ?? options.outcome),
    outcome: options.outcome,
    reason: options.reason,
    startedAt: options.startedAt.toISOString(),
    finishedAt: options.finishedAt.toISOString(),
    actor: { ...options.actor },
    made: [],
    approval: options.approval,
  });
  const key = remediationKey(record);
  try {
    await options.records.putRecord(key, record);
  } catch (error) {
    throw new RemediationEvidenceError(`cannot store approval decision record ${key}`, {
      cause: error,
      context: { key, record },
    });
  }
  return { key, record };
}
