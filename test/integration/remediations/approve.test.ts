import {
  CreateBucketCommand,
  GetBucketVersioningCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseApprovalConfig } from '#shared/approvals/config';
import type { FunctionUrlResponse } from '#shared/approvals/function-url';
import { type ApprovalEndpointRuntime, createApprovalEndpointRuntime } from '#shared/approvals/runtime';
import { slackSignature } from '#shared/approvals/slack-signature';
import { parseConfig } from '#shared/config';
import type { RemediationRuntime } from '#shared/remediations/runtime';
import { type FunctionUrlServer, startFunctionUrlServer } from '#test/support/function-url-server';
import { awsClientConfig, s3ClientConfig, uniqueName } from '#test/support/moto';
import { pipelineEnv } from '#test/support/pipeline-stack';
import { type SlackWebhookServer, startSlackWebhookServer } from '#test/support/slack-webhook-server';
import {
  deliverQueued,
  type LocalRemediation,
  localRemediation,
  recordsInOrder,
  requestFor,
} from './harness';

const RULE = 's3-bucket-versioning-enabled';
const APPROVER = 'U0APPROVER';
const OUTSIDER = 'U0OUTSIDER';
const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

type SlackHandler = (
  event: unknown,
  deps: ApprovalEndpointRuntime,
  fn: string,
) => Promise<FunctionUrlResponse>;
type Remediate = (event: unknown, deps: RemediationRuntime, id?: string) => Promise<SQSBatchResponse>;

describe('approve mode with Slack interactivity (moto, real signed payloads over HTTP)', () => {
  const endpoint = inject('motoEndpoint');
  let harness: LocalRemediation;
  let slack: SlackWebhookServer;
  let endpointRuntime: ApprovalEndpointRuntime;
  let interactions: FunctionUrlServer;
  let s3: S3Client;
  let sqs: SQSClient;
  let queueUrl: string;
  let remediate: Remediate;

  beforeAll(async () => {
    slack = await startSlackWebhookServer();
    const secrets = new SecretsManagerClient(awsClientConfig(endpoint));
    const [webhook, signing] = await Promise.all([
      secrets.send(
        new CreateSecretCommand({
          Name: uniqueName('vigil-webhook'),
          SecretString: `${slack.origin}/webhook`,
        }),
      ),
      secrets.send(
        new CreateSecretCommand({ Name: uniqueName('vigil-signing'), SecretString: SIGNING_SECRET }),
      ),
    ]);
    secrets.destroy();
    sqs = new SQSClient(awsClientConfig(endpoint));
    queueUrl =
      (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('vigil-remq') }))).QueueUrl ?? '';
    const env = {
      REMEDIATION_TOGGLES: JSON.stringify({ [RULE]: 'approve' }),
      REMEDIATION_APPROVERS: JSON.stringify({ [RULE]: [APPROVER] }),
      REMEDIATION_QUEUE_URL: queueUrl,
      SLACK_WEBHOOK_SECRET_ID: webhook.ARN ?? '',
      SLACK_SIGNING_SECRET_ID: signing.ARN ?? '',
    };
    harness = await localRemediation(endpoint, 'vigil-rem-approve', env);
    ({ remediate } = (await import('#functions/remediate')) as { remediate: Remediate });
    const { approvalSlack } = (await import('#functions/approval-slack')) as { approvalSlack: SlackHandler };
    const fullEnv = { ...pipelineEnv(harness.stack), ...env };
    endpointRuntime = createApprovalEndpointRuntime(parseConfig(fullEnv), parseApprovalConfig(fullEnv), {
      endpoint,
      credentials: awsClientConfig(endpoint).credentials,
    });
    interactions = await startFunctionUrlServer((event) =>
      approvalSlack(event, endpointRuntime, 'vigil-approval-slack'),
    );
    s3 = new S3Client(s3ClientConfig(endpoint));
  });

  afterAll(async () => {
    await interactions?.close();
    await slack?.close();
    endpointRuntime?.destroy();
    harness?.close();
    s3?.destroy();
    sqs?.destroy();
  });

  /** A bucket without versioning, put in approve mode: returns the approval id from the Slack message's buttons. */
  async function pendingApproval(): Promise<{ bucket: string; approvalId: string }> {
    const bucket = uniqueName('vigil-appr');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const before = slack.requests.length;
    expect(
      await harness.run(
        requestFor(RULE, { resourceType: 'AWS::S3::Bucket', resourceId: bucket, resourceName: bucket }),
      ),
    ).toEqual({ batchItemFailures: [] });
    const posted = slack.requests.slice(before).filter((request) => request.path === '/webhook');
    expect(posted).toHaveLength(1);
    const message = JSON.parse(posted[0]?.body ?? '{}') as {
      blocks: { type: string; elements?: { action_id: string; value: string }[] }[];
      text: string;
    };
    expect(message.text).toContain(bucket);
    const actions = message.blocks.find((block) => block.type === 'actions');
    expect(actions?.elements?.map((element) => element.action_id)).toEqual(['vigil_approve', 'vigil_reject']);
    const approvalId = actions?.elements?.[0]?.value ?? '';
    expect(approvalId).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(message.blocks)).toContain('PutBucketVersioning');
    return { bucket, approvalId };
  }

  /** A block_actions payload as Slack sends it, form-encoded. */
  function payloadBody(approvalId: string, user: string, action = 'vigil_approve'): string {
    const payload = {
      type: 'block_actions',
      user: { id: user, username: user.toLowerCase(), team_id: 'T0TEAM' },
      api_app_id: 'A0APP',
      container: { type: 'message', message_ts: '1700000000.000100' },
      response_url: `${slack.origin}/response/${approvalId}`,
      actions: [
        {
          action_id: action,
          block_id: `vigil_approval_${approvalId}`,
          value: approvalId,
          type: 'button',
          action_ts: String(Date.now() / 1000),
        },
      ],
    };
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }

  async function post(body: string, options: { secret?: string; timestamp?: number } = {}): Promise<number> {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const response = await fetch(interactions.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': slackSignature(options.secret ?? SIGNING_SECRET, timestamp, body),
      },
      body,
    });
    return response.status;
  }

  /** Delivers what waits on the remediation queue to the real remediation handler. */
  const deliverQueue = () =>
    deliverQueued(sqs, queueUrl, (event) => remediate(event, harness.runtime, 'test-invocation'));

  const recordsOf = (bucket: string) => recordsInOrder(harness, bucket);

  it('a valid signed approval from a listed approver fixes the bucket, records who approved, and updates the message', async () => {
    const { bucket, approvalId } = await pendingApproval();
    const [awaiting] = await recordsOf(bucket);
    expect(awaiting).toMatchObject({
      outcome: 'awaiting-approval',
      mode: 'approve',
      made: [],
      approval: { approvalId },
    });
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBeUndefined();

    expect(await post(payloadBody(approvalId, APPROVER))).toBe(200);
    expect(await deliverQueue()).toBe(1);

    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');
    const records = await recordsOf(bucket);
    expect(records.map((record) => record.outcome)).toEqual(['awaiting-approval', 'remediated']);
    const done = records[1];
    expect(done?.approval).toMatchObject({
      approvalId,
      decision: 'approve',
      approver: { channel: 'slack', id: APPROVER },
      planHash: awaiting?.approval?.planHash,
    });
    expect(done?.approval?.decidedAt).toMatch(/^\d{4}-/);
    expect(done?.made).toEqual([{ service: 's3', operation: 'PutBucketVersioning', status: 'succeeded' }]);
    const updates = slack.payloads(`/response/${approvalId}`) as {
      replace_original?: boolean;
      text: string;
    }[];
    expect(updates.at(-1)).toMatchObject({ replace_original: true });
    expect(updates.at(-1)?.text).toContain('Approved and remediated');
  });

  it('refuses a bad signature with 401 and records nothing', async () => {
    const { bucket, approvalId } = await pendingApproval();
    expect(await post(payloadBody(approvalId, APPROVER), { secret: 'not-the-secret' })).toBe(401);
    expect(await deliverQueue()).toBe(0);
    expect((await recordsOf(bucket)).map((record) => record.outcome)).toEqual(['awaiting-approval']);
  });

  it('refuses a stale timestamp and records the refusal with the claimed user', async () => {
    const { bucket, approvalId } = await pendingApproval();
    expect(
      await post(payloadBody(approvalId, APPROVER), { timestamp: Math.floor(Date.now() / 1000) - 600 }),
    ).toBe(401);
    expect(await deliverQueue()).toBe(0);
    const records = await recordsOf(bucket);
    expect(records.map((record) => record.outcome)).toEqual(['awaiting-approval', 'refused']);
    expect(records[1]?.reason).toContain('stale Slack request');
    expect(records[1]?.approval?.approver).toEqual({
      channel: 'slack',
      id: APPROVER,
      name: APPROVER.toLowerCase(),
    });
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBeUndefined();
  });

  it('refuses a replay of the same valid request and records it once', async () => {
    const { bucket, approvalId } = await pendingApproval();
    const body = payloadBody(approvalId, OUTSIDER, 'vigil_reject');
    const timestamp = Math.floor(Date.now() / 1000);
    expect(await post(body, { timestamp })).toBe(200);
    expect(await post(body, { timestamp })).toBe(401);
    expect(await post(body, { timestamp })).toBe(401);
    const records = await recordsOf(bucket);
    expect(records.map((record) => record.outcome)).toEqual(['awaiting-approval', 'refused', 'refused']);
    expect(records[1]?.reason).toContain(`slack ${OUTSIDER} is not an approver`);
    expect(records[2]?.reason).toContain('replayed Slack request');
  });

  it('refuses an approver who is not listed for the rule and leaves the request pending', async () => {
    const { bucket, approvalId } = await pendingApproval();
    expect(await post(payloadBody(approvalId, OUTSIDER))).toBe(200);
    expect(await deliverQueue()).toBe(0);
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBeUndefined();
    // The listed approver can still approve afterwards.
    expect(await post(payloadBody(approvalId, APPROVER))).toBe(200);
    expect(await deliverQueue()).toBe(1);
    expect((await recordsOf(bucket)).map((record) => record.outcome)).toEqual([
      'awaiting-approval',
      'refused',
      'remediated',
    ]);
  });

  it('refuses to act when the resource changed after the plan was approved', async () => {
    const { bucket, approvalId } = await pendingApproval();
    expect(await post(payloadBody(approvalId, APPROVER))).toBe(200);
    // Someone fixes the bucket by hand before the approved plan runs.
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }),
    );
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    expect(await deliverQueue()).toBe(1);
    const records = await recordsOf(bucket);
    expect(records.map((record) => record.outcome)).toEqual(['awaiting-approval', 'refused']);
    expect(records[1]?.reason).toContain('resource changed');
    expect(records[1]?.approval).toMatchObject({ decision: 'approve', approver: { id: APPROVER } });
    expect(records[1]?.made).toEqual([]);
  });

  it('records a rejection and changes nothing', async () => {
    const { bucket, approvalId } = await pendingApproval();
    expect(await post(payloadBody(approvalId, APPROVER, 'vigil_reject'))).toBe(200);
    expect(await deliverQueue()).toBe(0);
    const records = await recordsOf(bucket);
    expect(records.map((record) => record.outcome)).toEqual(['awaiting-approval', 'rejected']);
    expect(records[1]?.approval).toMatchObject({ decision: 'reject', approver: { id: APPROVER } });
    // A later approval of the same request is refused: it is decided.
    expect(await post(payloadBody(approvalId, APPROVER))).toBe(200);
    expect(await deliverQueue()).toBe(0);
    expect((await recordsOf(bucket)).at(-1)?.reason).toContain('already done');
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBeUndefined();
  });
});
