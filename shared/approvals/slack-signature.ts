import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a Slack request's timestamp may be from now, in seconds (Slack's own advice: five minutes). */
export const SLACK_MAX_SKEW_SECONDS = 300;

/** What checking a request's Slack signature found. */
export type SlackVerification =
  | { readonly ok: true; readonly timestamp: number; readonly signature: string }
  | { readonly ok: false; readonly problem: 'missing-headers' | 'bad-signature'; readonly detail: string }
  | {
      /** Signed by Slack, but not within {@link SLACK_MAX_SKEW_SECONDS} of now: never acted on. */
      readonly ok: false;
      readonly problem: 'stale';
      readonly detail: string;
      readonly timestamp: number;
      readonly signature: string;
    };

/** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>` under the signing secret, as Slack signs requests. */
export function slackSignature(signingSecret: string, timestamp: string, body: Buffer | string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(body);
  return `v0=${hmac.digest('hex')}`;
}

function header(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * Checks `X-Slack-Signature` against the raw body and `X-Slack-Request-Timestamp` (constant-time compare),
 * then that the timestamp is within five minutes of `now`. The signature is checked first, so a stale answer
 * always means Slack did sign the request (it is a replay or was delayed).
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
export function verifySlackSignature(options: {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
  readonly signingSecret: string;
  readonly now: Date;
}): SlackVerification {
  const timestampText = header(options.headers, 'x-slack-request-timestamp')?.trim();
  const signature = header(options.headers, 'x-slack-signature')?.trim();
  if (timestampText === undefined || timestampText === '' || signature === undefined || signature === '')
    return {
      ok: false,
      problem: 'missing-headers',
      detail: 'X-Slack-Signature or X-Slack-Request-Timestamp missing',
    };
  if (!/^\d{1,12}$/.test(timestampText))
    return { ok: false, problem: 'bad-signature', detail: 'X-Slack-Request-Timestamp is not a Unix time' };
  const expected = Buffer.from(slackSignature(options.signingSecret, timestampText, options.body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, problem: 'bad-signature', detail: 'X-Slack-Signature does not match the body' };
  const timestamp = Number(timestampText);
  const skew = Math.abs(options.now.getTime() / 1000 - timestamp);
  if (skew > SLACK_MAX_SKEW_SECONDS)
    return {
      ok: false,
      problem: 'stale',
      detail: `request timestamp is ${Math.round(skew)} s from now (limit ${SLACK_MAX_SKEW_SECONDS} s)`,
      timestamp,
      signature,
    };
  return { ok: true, timestamp, signature };
}
