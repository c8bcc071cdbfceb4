import { describe, expect, it } from 'vitest';
import { isApprover, parseApprovers } from '#shared/approvals/approvers';
import { handleCliApproval } from '#shared/approvals/cli-endpoint';
import { planHash } from '#shared/approvals/plan-hash';
import { parseSlackInteraction } from '#shared/approvals/slack-interaction';
import { slackSignature, verifySlackSignature } from '#shared/approvals/slack-signature';

const SECRET = 'signing-secret';
const NOW = new Date('2026-11-23T12:00:00.000Z');
const TS = String(NOW.getTime() / 1000);
const ID = '0123456789abcdef0123456789abcdef';

function form(payload: unknown): Buffer {
  return Buffer.from(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
}

function signed(body: Buffer, timestamp = TS, secret = SECRET) {
  return {
    'X-Slack-Request-Timestamp': timestamp,
    'X-Slack-Signature': slackSignature(secret, timestamp, body),
  };
}

describe('Slack request signatures', () => {
  const body = form({ type: 'block_actions' });

  it('accepts a request signed with the signing secret, whatever the header case', () => {
    const headers = Object.fromEntries(Object.entries(signed(body)).map(([k, v]) => [k.toLowerCase(), v]));
    expect(verifySlackSignature({ headers, body, signingSecret: SECRET, now: NOW })).toMatchObject({
      ok: true,
    });
  });

  it.each([
    ['a wrong secret', () => ({ headers: signed(body, TS, 'other'), body })],
    ['a tampered body', () => ({ headers: signed(body), body: Buffer.concat([body, Buffer.from('x')]) })],
    [
      'a signature of a different length',
      () => ({ headers: { ...signed(body), 'X-Slack-Signature': 'v0=00' }, body }),
    ],
    ['a non-numeric timestamp', () => ({ headers: signed(body, 'abc'), body })],
  ])('refuses %s as bad-signature', (_name, make) => {
    const { headers, body: sent } = make();
    expect(verifySlackSignature({ headers, body: sent, signingSecret: SECRET, now: NOW })).toMatchObject({
      ok: false,
      problem: 'bad-signature',
    });
  });

  it.each([
    ['no signature', { 'X-Slack-Request-Timestamp': TS }],
    ['no timestamp', { 'X-Slack-Signature': 'v0=abc' }],
    ['no headers', {}],
  ])('refuses %s as missing-headers', (_name, headers) => {
    expect(verifySlackSignature({ headers, body, signingSecret: SECRET, now: NOW })).toMatchObject({
      ok: false,
      problem: 'missing-headers',
    });
  });

  it.each([
    ['301 s old', -301, 'stale'],
    ['301 s ahead', 301, 'stale'],
    ['300 s old', -300, undefined],
  ])('judges a correctly signed timestamp %s', (_name, offset, problem) => {
    const timestamp = String(NOW.getTime() / 1000 + offset);
    const result = verifySlackSignature({
      headers: signed(body, timestamp),
      body,
      signingSecret: SECRET,
      now: NOW,
    });
    expect(result.ok ? undefined : result.problem).toBe(problem);
  });
});

describe('Slack interaction payloads', () => {
  const valid = {
    type: 'block_actions',
    user: { id: 'U0APPROVER', username: 'ann' },
    response_url: 'https://hooks.slack.com/actions/T/1/abc',
    actions: [{ action_id: 'vigil_approve', value: ID }],
  };

  it('reads the decision, the user and the response_url', () => {
    expect(parseSlackInteraction(form(valid))).toEqual({
      ok: true,
      decision: {
        approvalId: ID,
        decision: 'approve',
        user: { id: 'U0APPROVER', name: 'ann' },
        responseUrl: 'https://hooks.slack.com/actions/T/1/abc',
      },
    });
  });

  it.each([
    ['a body without payload', Buffer.from('foo=bar'), 'no payload field'],
    ['a payload that is not JSON', Buffer.from('payload=%7Bnope'), 'not JSON'],
    ['a view_submission', form({ ...valid, type: 'view_submission' }), 'is not block_actions'],
    ['an unknown action', form({ ...valid, actions: [{ action_id: 'other', value: ID }] }), 'unknown action'],
    [
      'a value that is not an approval id',
      form({ ...valid, actions: [{ action_id: 'vigil_reject', value: 'x' }] }),
      'not an approval id',
    ],
    ['no user', form({ ...valid, user: undefined }), 'user'],
  ])('refuses %s', (_name, body, problem) => {
    const parsed = parseSlackInteraction(body);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toContain(problem);
  });
});

describe('approver lists', () => {
  const map = parseApprovers(
    JSON.stringify({
      's3-bucket-versioning-enabled': ['U0ANN', 'arn:aws:iam::123456789012:role/team/Ops'],
      '*': ['arn:aws:iam::123456789012:user/bob'],
    }),
  );

  it.each([
    [{ channel: 'slack', id: 'U0ANN' }, 's3-bucket-versioning-enabled', true],
    [{ channel: 'slack', id: 'U0EVE' }, 's3-bucket-versioning-enabled', false],
    [
      { channel: 'aws', id: 'arn:aws:sts::123456789012:assumed-role/Ops/ann' },
      's3-bucket-versioning-enabled',
      true,
    ],
    [
      { channel: 'aws', id: 'arn:aws:sts::210987654321:assumed-role/Ops/ann' },
      's3-bucket-versioning-enabled',
      false,
    ],
    [
      { channel: 'aws', id: 'arn:aws:sts::123456789012:assumed-role/OpsAdmin/ann' },
      's3-bucket-versioning-enabled',
      false,
    ],
    // A rule's own list replaces `*`: bob approves other rules only.
    [{ channel: 'aws', id: 'arn:aws:iam::123456789012:user/bob' }, 's3-bucket-versioning-enabled', false],
    [{ channel: 'aws', id: 'arn:aws:iam::123456789012:user/bob' }, 'restricted-ssh', true],
    // A Slack id claimed through the AWS channel (or vice versa) never matches.
    [{ channel: 'aws', id: 'U0ANN' }, 's3-bucket-versioning-enabled', false],
  ] as const)('%o on %s → %s', (approver, ruleId, expected) => {
    expect(isApprover(map, ruleId, approver)).toBe(expected);
  });

  it('nobody approves when the variable is unset', () => {
    expect(isApprover(parseApprovers(undefined), 'restricted-ssh', { channel: 'slack', id: 'U0ANN' })).toBe(
      false,
    );
  });

  it.each([
    ['not JSON', '{', 'not valid JSON'],
    ['a string instead of a list', '{"*": "U0ANN"}', 'REMEDIATION_APPROVERS must be'],
    ['an e-mail address', '{"*": ["ann@example.com"]}', '*.0: must be a Slack user id'],
  ])('refuses %s with a clear error', (_name, text, message) => {
    expect(() => parseApprovers(text)).toThrow(message);
  });
});

describe('plan hash', () => {
  const call = {
    service: 's3',
    operation: 'PutBucketVersioning',
    iamAction: 's3:PutBucketVersioning',
    input: { Bucket: 'b', VersioningConfiguration: { Status: 'Enabled' } },
    description: 'Enable versioning',
  };

  it('ignores key order and descriptions but not inputs or order of calls', () => {
    const reordered = {
      ...call,
      description: 'other words',
      input: { VersioningConfiguration: { Status: 'Enabled' }, Bucket: 'b' },
    };
    expect(planHash([reordered])).toBe(planHash([call]));
    expect(planHash([{ ...call, input: { ...call.input, Bucket: 'c' } }])).not.toBe(planHash([call]));
    expect(planHash([call, { ...call, operation: 'X' }])).not.toBe(
      planHash([{ ...call, operation: 'X' }, call]),
    );
  });
});

describe('CLI approval endpoint', () => {
  const event = (body: unknown, userArn?: string) => ({
    version: '2.0',
    headers: {},
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'POST' },
      ...(userArn === undefined ? {} : { authorizer: { iam: { userArn } } }),
    },
  });
  const deps = {} as Parameters<typeof handleCliApproval>[1];

  it('refuses a request AWS did not authenticate (no IAM caller) before reading anything', async () => {
    const { response } = await handleCliApproval(event({ action: 'approve', approvalId: ID }), deps);
    expect(response.statusCode).toBe(403);
  });

  it('refuses a malformed approval id with a clear error', async () => {
    const { response } = await handleCliApproval(
      event({ action: 'approve', approvalId: 'nope' }, 'arn:aws:iam::123456789012:user/bob'),
      deps,
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('must be an approval id');
  });
});
