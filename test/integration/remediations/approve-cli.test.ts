import { CreateBucketCommand, GetBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runRemediation } from '#cli/commands/remediation';
import { parseApprovalConfig } from '#shared/approvals/config';
import type { FunctionUrlResponse } from '#shared/approvals/function-url';
import { type ApprovalEndpointRuntime, createApprovalEndpointRuntime } from '#shared/approvals/runtime';
import { parseConfig } from '#shared/config';
import type { RemediationRuntime } from '#shared/remediations/runtime';
import { captureIo } from '#test/support/cli-io';
import {
  type FunctionUrlServer,
  type KnownCaller,
  startFunctionUrlServer,
} from '#test/support/function-url-server';
import { awsClientConfig, s3ClientConfig, uniqueName } from '#test/support/moto';
import { pipelineEnv } from '#test/support/pipeline-stack';
import {
  deliverQueued,
  type LocalRemediation,
  localRemediation,
  REGION,
  recordsInOrder,
  requestFor,
} from './harness';

const RULE = 's3-bucket-versioning-enabled';
const OPS_ROLE = 'arn:aws:iam::123456789012:role/Ops';
/** A session of the approver role, as AWS_IAM auth reports an SSO or assumed-role caller. */
const APPROVER: KnownCaller = {
  accessKeyId: 'ASIAAPPROVER0000001',
  secretAccessKey: 'approver-secret-0000000000000000000000',
  sessionToken: 'approver-session',
  arn: 'arn:aws:sts::123456789012:assumed-role/Ops/alice@example.com',
};
const OUTSIDER: KnownCaller = {
  accessKeyId: 'AKIAOUTSIDER0000001',
  secretAccessKey: 'outsider-secret-0000000000000000000000',
  arn: 'arn:aws:iam::123456789012:user/mallory',
};

type CliHandler = (event: unknown, deps: ApprovalEndpointRuntime, fn: string) => Promise<FunctionUrlResponse>;
type Remediate = (event: unknown, deps: RemediationRuntime, id?: string) => Promise<SQSBatchResponse>;

describe('vigil remediation through the AWS_IAM approval URL (moto, SigV4 checked by the URL stand-in)', () => {
  const endpoint = inject('motoEndpoint');
  let harness: LocalRemediation;
  let endpointRuntime: ApprovalEndpointRuntime;
  let url: FunctionUrlServer;
  let s3: S3Client;
  let sqs: SQSClient;
  let queueUrl: string;
  let remediate: Remediate;

  beforeAll(async () => {
    sqs = new SQSClient(awsClientConfig(endpoint));
    queueUrl =
      (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('vigil-cliq') }))).QueueUrl ?? '';
    const env = {
      REMEDIATION_TOGGLES: JSON.stringify({ [RULE]: 'approve' }),
      REMEDIATION_APPROVERS: JSON.stringify({ [RULE]: [OPS_ROLE] }),
      REMEDIATION_QUEUE_URL: queueUrl,
    };
    harness = await localRemediation(endpoint, 'vigil-rem-cli', env);
    ({ remediate } = (await import('#functions/remediate')) as { remediate: Remediate });
    const { approvalCli } = (await import('#functions/approval-cli')) as { approvalCli: CliHandler };
    const fullEnv = { ...pipelineEnv(harness.stack), ...env };
    endpointRuntime = createApprovalEndpointRuntime(parseConfig(fullEnv), parseApprovalConfig(fullEnv), {
      endpoint,
      credentials: awsClientConfig(endpoint).credentials,
    });
    url = await startFunctionUrlServer((event) => approvalCli(event, endpointRuntime, 'vigil-approval-cli'), {
      region: REGION,
      callers: [APPROVER, OUTSIDER],
    });
    s3 = new S3Client(s3ClientConfig(endpoint));
  });

  afterAll(async () => {
    await url?.close();
    endpointRuntime?.destroy();
    harness?.close();
    s3?.destroy();
    sqs?.destroy();
  });

  async function vigil(argv: readonly string[], caller: KnownCaller = APPROVER) {
    const io = captureIo({ env: {} });
    const code = await runRemediation([...argv, '--url', url.url, '--region', REGION], io, {
      credentials: async () => caller,
    });
    return { code, out: io.out(), err: io.err() };
  }

  /** A bucket without versioning in approve mode; its approval id as `vigil remediation list --json` shows it. */
  async function pendingApproval(): Promise<{ bucket: string; approvalId: string }> {
    const bucket = uniqueName('vigil-cli');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    expect(
      await harness.run(
        requestFor(RULE, { resourceType: 'AWS::S3::Bucket', resourceId: bucket, resourceName: bucket }),
      ),
    ).toEqual({ batchItemFailures: [] });
    const listed = await vigil(['list', '--json']);
    expect(listed.code).toBe(0);
    const { approvals } = JSON.parse(listed.out) as {
      approvals: { approvalId: string; ruleId: string; resource: string; planned: string[] }[];
    };
    const mine = approvals.filter((approval) => approval.resource.includes(bucket));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ ruleId: RULE });
    expect(mine[0]?.planned.join('\n')).toContain('s3:PutBucketVersioning');
    return { bucket, approvalId: mine[0]?.approvalId ?? '' };
  }

  const deliverQueue = () =>
    deliverQueued(sqs, queueUrl, (event) => remediate(event, harness.runtime, 'test-invocation'));

  const outcomesOf = (bucket: string) => recordsInOrder(harness, bucket);

  const versioning = async (bucket: string) =>
    (await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status;

  it('an approval by a session of a listed role fixes the bucket and records the AWS-authenticated approver', async () => {
    const { bucket, approvalId } = await pendingApproval();
    const approved = await vigil(['approve', approvalId, '--reason', 'CHG-1234']);
    expect(approved).toMatchObject({ code: 0, err: '' });
    expect(approved.out).toContain(`approved ${approvalId}`);
    expect(await deliverQueue()).toBe(1);
    expect(await versioning(bucket)).toBe('Enabled');
    const records = await outcomesOf(bucket);
    expect(records.map((record) => record.outcome)).toEqual(['awaiting-approval', 'remediated']);
    expect(records[1]?.approval).toMatchObject({
      approvalId,
      decision: 'approve',
      approver: { channel: 'aws', id: APPROVER.arn },
      comment: 'CHG-1234',
    });
    expect(records[1]?.made).toEqual([
      { service: 's3', operation: 'PutBucketVersioning', status: 'succeeded' },
    ]);
    // Decided: it is no longer pending, and a second approval is refused.
    expect((await vigil(['list'])).out).not.toContain(approvalId);
    const again = await vigil(['approve', approvalId]);
    expect(again.code).toBe(1);
    expect(await deliverQueue()).toBe(0);
  });

  it('refuses and records a caller who is not an approver; the request stays pending', async () => {
    const { bucket, approvalId } = await pendingApproval();
    const refused = await vigil(['approve', approvalId], OUTSIDER);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('refused');
    expect(refused.err).toContain(OUTSIDER.arn);
    expect(await deliverQueue()).toBe(0);
    expect(await versioning(bucket)).toBeUndefined();
    const records = await outcomesOf(bucket);
    expect(records.map((record) => record.outcome)).toEqual(['awaiting-approval', 'refused']);
    expect(records[1]?.approval?.approver).toEqual({ channel: 'aws', id: OUTSIDER.arn });
    expect((await vigil(['list'])).out).toContain(approvalId);
  });

  it('never reaches Vigil with a request AWS would not authenticate, and records nothing', async () => {
    const { bucket, approvalId } = await pendingApproval();
    const before = url.refused.length;
    const forged = await vigil(['approve', approvalId], { ...APPROVER, secretAccessKey: 'guessed' });
    expect(forged.code).toBe(1);
    expect(forged.err).toContain('AWS refused the call (403)');
    expect(url.refused.slice(before)).toEqual(['signature does not match']);
    expect((await outcomesOf(bucket)).map((record) => record.outcome)).toEqual(['awaiting-approval']);
  });

  it('records a rejection with its reason and changes nothing', async () => {
    const { bucket, approvalId } = await pendingApproval();
    const rejected = await vigil(['reject', approvalId, '--reason', 'during the change freeze']);
    expect(rejected.code).toBe(0);
    expect(rejected.out).toMatch(new RegExp(`^rejected ${approvalId} \\(record remediations/`));
    expect(await deliverQueue()).toBe(0);
    expect(await versioning(bucket)).toBeUndefined();
    const records = await outcomesOf(bucket);
    expect(records.map((record) => record.outcome)).toEqual(['awaiting-approval', 'rejected']);
    expect(records[1]?.approval).toMatchObject({
      decision: 'reject',
      approver: { channel: 'aws', id: APPROVER.arn },
      comment: 'during the change freeze',
    });
  });

  it('answers an unknown id with exit 2', async () => {
    const unknown = await vigil(['approve', '0'.repeat(32)]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(`no approval ${'0'.repeat(32)}`);
  });
});
