import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { runSweepCommand } from '#cli/commands/sweep';
import { evaluate } from '#functions/evaluator';
import { sweep } from '#functions/sweep';
import { parseConfig } from '#shared/config';
import { cloudTrailEvent, sqsBatch } from '#shared/local/events';
import type { AccountAccess } from '#shared/organization/account-access';
import { createSweepRuntime, type SweepRuntime } from '#shared/sweep/sweep-runtime';
import { captureIo } from '#test/support/cli-io';
import { awsClientConfig, s3ClientConfig, uniqueName } from '#test/support/moto';
import { deployPipelineStack, type PipelineStack, pipelineEnv } from '#test/support/pipeline-stack';
import { createSweepQueue, drainSweepQueue } from '#test/support/sweep-queue-driver';
import { ACCOUNT as CENTRAL, scheduledEvent, storedEvidence } from '../pipeline/harness';

const MEMBERS = ['111111111111', '222222222222', '333333333333'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const ROLE = 'VigilMemberReadOnly';
const EXTERNAL_ID = 'vigil-org-test';
const LOG_RULE = 'cw-loggroup-retention-period-check';
const USER_RULE = 'iam-user-no-policies-check';

/** Client settings acting in `account` (moto routes by the assumed role's account). */
async function memberSettings(endpoint: string, account: string, region: string) {
  const sts = new STSClient(awsClientConfig(endpoint));
  try {
    const assumed = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/seeder`, RoleSessionName: 'seed' }),
    );
    const credentials = assumed.Credentials;
    if (credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined)
      throw new Error(`no credentials for ${account}`);
    return {
      ...awsClientConfig(endpoint),
      region,
      credentials: {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        ...(credentials.SessionToken === undefined ? {} : { sessionToken: credentials.SessionToken }),
      },
    };
  } finally {
    sts.destroy();
  }
}

/** The seeded resources: two log groups per member and region, two IAM users per member. */
interface Seeded {
  readonly logGroups: {
    readonly account: string;
    readonly region: string;
    readonly name: string;
    readonly short: boolean;
  }[];
  readonly users: { readonly account: string; readonly name: string; readonly withPolicy: boolean }[];
}

async function seedMembers(endpoint: string, prefix: string): Promise<Seeded> {
  const seeded: Seeded = { logGroups: [], users: [] };
  for (const account of MEMBERS) {
    const iam = new IAMClient(await memberSettings(endpoint, account, 'us-east-1'));
    await iam.send(
      new CreateRoleCommand({
        RoleName: ROLE,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${CENTRAL}:root` },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } },
            },
          ],
        }),
      }),
    );
    for (const withPolicy of [true, false]) {
      const name = `${prefix}-user-${withPolicy ? 'inline' : 'clean'}`;
      await iam.send(new CreateUserCommand({ UserName: name }));
      if (withPolicy)
        await iam.send(
          new PutUserPolicyCommand({
            UserName: name,
            PolicyName: 'inline',
            PolicyDocument: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }],
            }),
          }),
        );
      seeded.users.push({ account, name, withPolicy });
    }
    iam.destroy();
    for (const region of REGIONS) {
      const logs = new CloudWatchLogsClient(await memberSettings(endpoint, account, region));
      for (const short of [true, false]) {
        const name = `/${prefix}/${account}/${region}/${short ? 'short' : 'year'}`;
        await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
        await logs.send(
          new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: short ? 1 : 400 }),
        );
        seeded.logGroups.push({ account, region, name, short });
      }
      logs.destroy();
    }
  }
  return seeded;
}

describe('an organization sweep from the central account (three member accounts, two regions, on moto)', () => {
  const endpoint = inject('motoEndpoint');
  const prefix = uniqueName('org');
  let stack: PipelineStack;
  let sqs: SQSClient;
  let queueUrl: string;
  let runtime: SweepRuntime;
  let seeded: Seeded;
  let s3: S3Client;

  beforeAll(async () => {
    seeded = await seedMembers(endpoint, prefix);
    stack = await deployPipelineStack(endpoint, { name: uniqueName('vigil-org') });
    sqs = new SQSClient(awsClientConfig(endpoint));
    s3 = new S3Client(s3ClientConfig(endpoint));
    queueUrl = await createSweepQueue(sqs, uniqueName('vigil-org-sweep'));
    const env = { ...pipelineEnv(stack) };
    delete (env as Record<string, string | undefined>).ACCOUNT_ID;
    runtime = createSweepRuntime(
      parseConfig({
        ...env,
        SWEEP_QUEUE_URL: queueUrl,
        ENABLED_RULES: `${LOG_RULE},${USER_RULE}`,
        INVENTORY_SOURCE: 'describe',
        MEMBER_ROLE_NAME: ROLE,
        MEMBER_EXTERNAL_ID: EXTERNAL_ID,
        MEMBER_ACCOUNTS: MEMBERS.join(','),
        MEMBER_REGIONS: REGIONS.join(','),
      }),
      { endpoint, credentials: awsClientConfig(endpoint).credentials },
    );
  }, 120_000);

  afterAll(() => {
    vi.unstubAllEnvs();
    runtime?.destroy();
    sqs?.destroy();
    s3?.destroy();
  });

  /** Latest verdict and how many findings each resource of this test got, by `<account>|<region>|<id>|<rule>`. */
  async function verdicts() {
    const { findings } = await storedEvidence({ stack, runtime, s3, close: () => undefined });
    const byKey = new Map<string, { compliance: string; count: number; keys: string[] }>();
    for (const { key, record } of findings) {
      const { accountId, region, resourceId, resourceName } = record.resource;
      // IAM users are keyed by their user id; their name carries the prefix.
      if (!`${resourceId} ${resourceName ?? ''}`.includes(prefix)) continue;
      const id = `${accountId}|${region}|${resourceId}|${record.ruleId}`;
      const held = byKey.get(id);
      byKey.set(id, {
        compliance: record.compliance,
        count: (held?.count ?? 0) + 1,
        keys: [...(held?.keys ?? []), key],
      });
    }
    return byKey;
  }

  it('assumes each member role and judges every seeded resource exactly once, under its own account and region', async () => {
    const planned = await sweep(scheduledEvent(CENTRAL, 'us-east-1'), runtime);
    // Log groups: 3 accounts × 2 regions; IAM users: once per account (home region); no account rule enabled.
    expect(planned.shards).toHaveLength(MEMBERS.length * REGIONS.length + MEMBERS.length);
    const drained = await drainSweepQueue({ sqs, queueUrl, runtime, workers: 4 });
    expect(drained.deadLetters).toEqual([]);
    const status = await runtime.sweeps.status(planned.sweepId);
    expect(status?.sweep).toMatchObject({
      status: 'complete',
      shardsDone: planned.shards.length,
      failures: 0,
    });

    const found = await verdicts();
    for (const group of seeded.logGroups) {
      const verdict = found.get(`${group.account}|${group.region}|${group.name}|${LOG_RULE}`);
      expect(verdict, group.name).toMatchObject({
        compliance: group.short ? 'NON_COMPLIANT' : 'COMPLIANT',
        count: 1,
      });
      // Stored on the member's own account–region chain in the central bucket.
      expect(verdict?.keys[0]).toMatch(new RegExp(`^findings/${group.account}/${group.region}/`));
    }
    const userVerdicts = [...found].filter(([key]) => key.endsWith(`|${USER_RULE}`));
    // Two users per member, each judged once (global type read once per account, not per region).
    expect(userVerdicts).toHaveLength(MEMBERS.length * 2);
    expect(userVerdicts.every(([, verdict]) => verdict.count === 1)).toBe(true);
    expect(new Set(userVerdicts.map(([key]) => key.split('|')[1]))).toEqual(new Set(['global']));
    expect(userVerdicts.filter(([, verdict]) => verdict.compliance === 'NON_COMPLIANT')).toHaveLength(
      MEMBERS.length,
    );
    // No resource of the central account was read: its own log groups are not members'.
    expect([...found.keys()].some((key) => key.startsWith(`${CENTRAL}|`))).toBe(false);
  }, 180_000);

  it("judges a member's CloudTrail event with that member's credentials, and rejects an account outside the organization", async () => {
    const [member = '', region = ''] = [MEMBERS[1], REGIONS[1]];
    const name = `/${prefix}/${member}/${region}/late`;
    const logs = new CloudWatchLogsClient(await memberSettings(endpoint, member, region));
    await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 1 }));
    logs.destroy();
    const event = cloudTrailEvent({
      eventSource: 'logs.amazonaws.com',
      eventName: 'PutRetentionPolicy',
      accountId: member,
      region,
      requestParameters: { logGroupName: name },
    });
    const response = await evaluate(sqsBatch([event], { accountId: member, region }), runtime);
    expect(response.batchItemFailures).toEqual([]);
    expect((await verdicts()).get(`${member}|${region}|${name}|${LOG_RULE}`)).toMatchObject({
      compliance: 'NON_COMPLIANT',
      count: 1,
    });

    const outsider = cloudTrailEvent({
      eventSource: 'logs.amazonaws.com',
      eventName: 'CreateLogGroup',
      accountId: '444444444444',
      region,
      requestParameters: { logGroupName: name },
    });
    const rejected = await evaluate(sqsBatch([outsider], { accountId: '444444444444', region }), runtime);
    expect(rejected.batchItemFailures).toEqual([]);
    expect([...(await verdicts()).keys()].some((key) => key.startsWith('444444444444|'))).toBe(false);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: 'rejected/' }));
    const bodies = await Promise.all(
      (listed.Contents ?? []).map(async (object) =>
        (
          await s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: object.Key }))
        ).Body?.transformToString(),
      ),
    );
    expect(bodies.some((body) => body?.includes('not a member of this deployment'))).toBe(true);
  }, 60_000);

  it('retries a failing shard alone and reports it on the sweep', async () => {
    const [member = '', region = ''] = [MEMBERS[2], REGIONS[1]];
    let failures = 1;
    const listings: string[] = [];
    const access: AccountAccess = {
      reaches: (account) => runtime.access?.reaches(account) ?? false,
      recorder: () => runtime.recorder,
      describer: (account, where) => {
        const real = runtime.access?.describer(account, where) ?? runtime.describer;
        return {
          supportedTypes: real.supportedTypes,
          describe: (ref) => real.describe(ref),
          async listRefs(type, accountId, captureTime) {
            listings.push(`${accountId}/${where}/${type}`);
            if (accountId === member && where === region && failures-- > 0)
              throw new Error('ThrottlingException: Rate exceeded');
            return real.listRefs(type, accountId, captureTime);
          },
        };
      },
    };
    const faulty: SweepRuntime = { ...runtime, access };
    const planned = await sweep(scheduledEvent(CENTRAL, 'us-east-1'), faulty);
    const drained = await drainSweepQueue({ sqs, queueUrl, runtime: faulty, workers: 4 });
    expect(drained.retried).toBe(1);
    expect(drained.deadLetters).toEqual([]);
    // Only the failed shard was listed twice.
    const counts = new Map<string, number>();
    for (const listing of listings) counts.set(listing, (counts.get(listing) ?? 0) + 1);
    expect([...counts].filter(([, count]) => count > 1).map(([key]) => key)).toEqual([
      `${member}/${region}/AWS::Logs::LogGroup`,
    ]);
    const status = await runtime.sweeps.status(planned.sweepId);
    expect(status?.sweep.status).toBe('complete');
    expect(status?.shards.filter((shard) => shard.attempts > 0)).toEqual([
      expect.objectContaining({
        accountId: member,
        region,
        resourceType: 'AWS::Logs::LogGroup',
        attempts: 1,
        status: 'done',
        lastError: 'page 0: ThrottlingException: Rate exceeded',
      }),
    ]);
  }, 180_000);

  it('vigil sweep status reads the real state table: the newest sweep complete, the retried shard named', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
    const io = captureIo();
    const code = await runSweepCommand(['status', '--table', stack.table, '--endpoint-url', endpoint], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toMatch(/: complete at /);
    expect(io.out()).toContain(`shards   ${MEMBERS.length * REGIONS.length + MEMBERS.length}/`);
    expect(io.out()).toContain('across 3 accounts');
    expect(io.out()).toContain('1 shard completed after failed attempts');
  });
});
