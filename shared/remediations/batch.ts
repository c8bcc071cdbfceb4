import { ApprovalDecisionMessageSchema, isDecisionMessage } from '#shared/approvals/decision-message';
import { assertTimeLeft, type InvocationDeadline } from '#shared/invocation-deadline';
import type { RemediationRequest } from './request';
import { RemediationRequestSchema } from './request';
import { type RemediationDeps, type RemediationResult, runRemediation } from './run';

/** One SQS message of the remediation queue. */
export interface RemediationMessage {
  readonly messageId: string;
  readonly body: string;
}

/** What became of one message: run (skipped or recorded), unreadable (dropped), or failed (retried). */
export type RemediationMessageOutcome =
  | {
      readonly messageId: string;
      readonly status: 'done';
      readonly request: RemediationRequest;
      readonly result: RemediationResult;
    }
  | { readonly messageId: string; readonly status: 'unreadable'; readonly reason: string }
  /** An approved plan already taken up (a redelivered message), or whose approval row is gone. */
  | { readonly messageId: string; readonly status: 'ignored'; readonly reason: string }
  | { readonly messageId: string; readonly status: 'failed'; readonly error: unknown };

/**
 * Runs every message of a batch, one after another (remediations of one resource must not race), and
 * returns the ids to hand back to SQS: only failures worth retrying. A message that is not a remediation
 * request is dropped (retrying cannot fix it) and reported as `unreadable`. With a `deadline`, messages after
 * the first that would start with too little time left are handed back unread (the first always runs, so an
 * unreachable deadline cannot send every message to the dead-letter queue).
 */
export async function processRemediationMessages(
  messages: readonly RemediationMessage[],
  deps: RemediationDeps,
  deadline?: InvocationDeadline,
): Promise<{
  readonly batchItemFailures: { itemIdentifier: string }[];
  readonly outcomes: RemediationMessageOutcome[];
}> {
  const outcomes: RemediationMessageOutcome[] = [];
  for (const [index, message] of messages.entries()) {
    try {
      if (index > 0) assertTimeLeft(deadline, `remediation message ${message.messageId}`);
    } catch (error) {
      outcomes.push({ messageId: message.messageId, status: 'failed', error });
      continue;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(message.body);
    } catch {
      outcomes.push({ messageId: message.messageId, status: 'unreadable', reason: 'body is not JSON' });
      continue;
    }
    if (isDecisionMessage(raw)) {
      outcomes.push(await runDecision(message.messageId, raw, deps));
      continue;
    }
    const parsed = RemediationRequestSchema.safeParse(raw);
    if (!parsed.success) {
      outcomes.push({
        messageId: message.messageId,
        status: 'unreadable',
        reason: parsed.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
          .join('; '),
      });
      continue;
    }
    try {
      const result = await runRemediation(parsed.data, deps);
      outcomes.push({ messageId: message.messageId, status: 'done', request: parsed.data, result });
    } catch (error) {
      outcomes.push({ messageId: message.messageId, status: 'failed', error });
    }
  }
  return {
    batchItemFailures: outcomes
      .filter((outcome) => outcome.status === 'failed')
      .map((outcome) => ({ itemIdentifier: outcome.messageId })),
    outcomes,
  };
}

/** Acts on an approved plan from the queue (approve mode). */
async function runDecision(
  messageId: string,
  raw: unknown,
  deps: RemediationDeps,
): Promise<RemediationMessageOutcome> {
  const parsed = ApprovalDecisionMessageSchema.safeParse(raw);
  if (!parsed.success)
    return {
      messageId,
      status: 'unreadable',
      reason: `not an approval decision: ${parsed.error.issues[0]?.message ?? ''}`,
    };
  if (deps.decisions === undefined)
    return { messageId, status: 'unreadable', reason: 'approval decisions are not set up in this function' };
  try {
    const applied = await deps.decisions.apply(parsed.data, deps);
    if (applied === undefined)
      return {
        messageId,
        status: 'ignored',
        reason: `approval ${parsed.data.approvalId} is not waiting to be applied`,
      };
    return { messageId, status: 'done', request: applied.request, result: applied.result };
  } catch (error) {
    return { messageId, status: 'failed', error };
  }
}
