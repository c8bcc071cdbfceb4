import { sha256Hex } from '#shared/evidence/finding';
import type { SecretReader } from '#shared/secrets/secret-reader';
import { type DecisionDeps, type DecisionResult, decideApproval } from './decide';
import { FunctionUrlEventSchema, type FunctionUrlResponse, jsonResponse, rawBody } from './function-url';
import { parseSlackInteraction } from './slack-interaction';
import { verifySlackSignature } from './slack-signature';

/** The Slack endpoint's ports: the decision ports plus the signing secret. */
export interface SlackEndpointDeps extends DecisionDeps {
  readonly secrets: SecretReader;
  readonly signingSecretId: string;
}

/** What the endpoint did with a request, for the function's log and metrics. */
export type SlackEndpointOutcome =
  | { readonly kind: 'rejected'; readonly problem: string; readonly detail: string }
  | {
      readonly kind: 'decided';
      readonly result: DecisionResult;
      readonly replay: boolean;
      readonly stale: boolean;
    };

/**
 * Answers one Slack interaction request delivered by a Lambda function URL (auth NONE: the Slack signature is
 * the authentication). A request without a valid signature gets 401 and changes nothing. A signed request is
 * counted by its signature: a replay (seen before) or a stale one (timestamp more than five minutes off) is
 * refused, and recorded the first time it is seen so a flood of copies cannot flood the evidence. Anything
 * else is decided by {@link decideApproval}. Approving only claims the request and queues it, so Slack gets
 * its answer well within its three seconds.
 */
export async function handleSlackInteraction(
  event: unknown,
  deps: SlackEndpointDeps,
): Promise<{ readonly response: FunctionUrlResponse; readonly outcome: SlackEndpointOutcome }> {
  const rejected = (statusCode: number, problem: string, detail: string) => ({
    response: jsonResponse(statusCode, { error: problem }),
    outcome: { kind: 'rejected' as const, problem, detail },
  });
  const parsed = FunctionUrlEventSchema.safeParse(event);
  if (!parsed.success) return rejected(400, 'not-a-function-url-event', parsed.error.message.slice(0, 200));
  if (parsed.data.requestContext.http.method !== 'POST')
    return rejected(405, 'method-not-allowed', 'POST only');
  const body = rawBody(parsed.data);
  const signingSecret = (await deps.secrets.getSecretString(deps.signingSecretId)).trim();
  const now = deps.clock();
  const verification = verifySlackSignature({ headers: parsed.data.headers, body, signingSecret, now });
  if (!verification.ok && verification.problem !== 'stale')
    return rejected(401, verification.problem, verification.detail);
  const interaction = parseSlackInteraction(body);
  if (!interaction.ok) return rejected(400, 'unreadable-payload', interaction.problem);
  const { decision } = interaction;
  const seen = await deps.store.sightRequest(
    sha256Hex(`${verification.timestamp}:${verification.signature}`),
    now,
  );
  const stale = !verification.ok;
  const replay = seen > 1;
  if (stale || replay) {
    const reason = replay
      ? `replayed Slack request (seen ${seen} times)`
      : `stale Slack request: ${verification.ok ? '' : verification.detail}`;
    // Recorded on the first sighting of a stale request and the first replay of a fresh one; later copies only answer 401.
    const record = (stale && seen === 1) || (!stale && seen === 2);
    const result: DecisionResult = record
      ? await decideApproval(
          {
            approvalId: decision.approvalId,
            decision: decision.decision,
            approver: { channel: 'slack', ...decision.user },
            refusal: reason,
          },
          deps,
        )
      : { status: 'unknown', reason: `${reason}; already recorded` };
    return {
      response: jsonResponse(401, { error: replay ? 'replay' : 'stale' }),
      outcome: { kind: 'decided', result, replay, stale },
    };
  }
  const result = await decideApproval(
    {
      approvalId: decision.approvalId,
      decision: decision.decision,
      approver: { channel: 'slack', ...decision.user },
      ...(decision.responseUrl === undefined ? {} : { responseUrl: decision.responseUrl }),
    },
    deps,
  );
  // Slack only needs a 200 within three seconds; the message itself is updated through response_url.
  return {
    response: { statusCode: 200, headers: {}, body: '' },
    outcome: { kind: 'decided', result, replay, stale },
  };
}
