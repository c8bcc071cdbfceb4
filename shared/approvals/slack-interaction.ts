import { z } from 'zod';

/** `action_id` of the Approve button. */
export const APPROVE_ACTION_ID = 'vigil_approve';

/** `action_id` of the Reject button. */
export const REJECT_ACTION_ID = 'vigil_reject';

/** An approval id: 128 random bits as 32 hex digits. */
export const APPROVAL_ID_PATTERN = /^[0-9a-f]{32}$/;

/** The parts of a Slack `block_actions` interaction payload Vigil reads. */
export const BlockActionsPayloadSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1), username: z.string().optional(), name: z.string().optional() }),
  actions: z
    .array(
      z.object({ action_id: z.string(), value: z.string().optional(), action_ts: z.string().optional() }),
    )
    .min(1),
  response_url: z.url().optional(),
});

/** One decision a person clicked in Slack. */
export interface SlackDecision {
  readonly approvalId: string;
  readonly decision: 'approve' | 'reject';
  readonly user: { readonly id: string; readonly name?: string };
  readonly responseUrl?: string;
}

/** What parsing an interaction body found: a decision, or why it is not one. */
export type SlackInteraction =
  | { readonly ok: true; readonly decision: SlackDecision }
  | { readonly ok: false; readonly problem: string };

/**
 * Reads a decision out of a Slack interaction request body (`application/x-www-form-urlencoded` with one
 * `payload` field holding JSON): a `block_actions` payload whose first action is Vigil's Approve or Reject
 * button, with an approval id as its value.
 */
export function parseSlackInteraction(body: Buffer): SlackInteraction {
  const form = new URLSearchParams(body.toString('utf8'));
  const payloadText = form.get('payload');
  if (payloadText === null) return { ok: false, problem: 'body has no payload field' };
  let raw: unknown;
  try {
    raw = JSON.parse(payloadText);
  } catch {
    return { ok: false, problem: 'payload is not JSON' };
  }
  const parsed = BlockActionsPayloadSchema.safeParse(raw);
  if (!parsed.success) {
    const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
    return {
      ok: false,
      problem:
        type !== 'block_actions'
          ? `payload type ${JSON.stringify(type ?? null)} is not block_actions`
          : `payload is not a block_actions payload Vigil reads: ${parsed.error.issues
              .slice(0, 3)
              .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
              .join('; ')}`,
    };
  }
  const payload = parsed.data;
  const [action] = payload.actions;
  if (action === undefined) return { ok: false, problem: 'payload has no action' };
  const decision =
    action.action_id === APPROVE_ACTION_ID
      ? 'approve'
      : action.action_id === REJECT_ACTION_ID
        ? 'reject'
        : undefined;
  if (decision === undefined)
    return { ok: false, problem: `unknown action ${JSON.stringify(action.action_id)}` };
  const approvalId = action.value ?? '';
  if (!APPROVAL_ID_PATTERN.test(approvalId))
    return { ok: false, problem: 'action value is not an approval id' };
  const name = payload.user.username ?? payload.user.name;
  return {
    ok: true,
    decision: {
      approvalId,
      decision,
      user: { id: payload.user.id, ...(name === undefined ? {} : { name }) },
      ...(payload.response_url === undefined ? {} : { responseUrl: payload.response_url }),
    },
  };
}
