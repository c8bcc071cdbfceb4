import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import { type LocalRemediation, localRemediation, onlyRecord, requestFor } from '../remediations/harness';

const MEMBER = '444455556666';
const REGION = 'eu-west-1';
const RULE = 'cw-loggroup-retention-period-check';
const ORG_ENV = {
  ACCOUNT_ID: '',
  MEMBER_ROLE_NAME: 'VigilMemberReadOnly',
  MEMBER_EXTERNAL_ID: 'vigil-org-test',
  MEMBER_ACCOUNTS: MEMBER,
  MEMBER_REGIONS: `us-east-1,${REGION}`,
  REMEDIATION_TOGGLES: JSON.stringify({ [RULE]: 'on' }),
};

async function memberLogs(endpoint: string): Promise<CloudWatchLogsClient> {
  const sts = new STSClient(awsClientConfig(endpoint));
  const assumed = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/seeder`, RoleSessionName: 'seed' }),
  );
  sts.destroy();
  const { AccessKeyId = '', SecretAccessKey = '', SessionToken } = assumed.Credentials ?? {};
  return new CloudWatchLogsClient({
    ...awsClientConfig(endpoint),
    region: REGION,
    credentials: { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken },
  });
}

describe('remediation in a member account, through the member remediation role (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let enabled: LocalRemediation;
  let disabled: LocalRemediation;
  let logs: CloudWatchLogsClient;

  beforeAll(async () => {
    enabled = await localRemediation(endpoint, 'vigil-org-rem', {
      ...ORG_ENV,
      MEMBER_REMEDIATION_ROLE_NAME: 'VigilMemberRemediation',
    });
    disabled = await localRemediation(endpoint, 'vigil-org-norem', ORG_ENV, enabled.stack);
    logs = await memberLogs(endpoint);
  });

  afterAll(() => {
    enabled?.close();
    disabled?.close();
    logs?.destroy();
  });

  async function memberLogGroup(): Promise<string> {
    const name = `/vigil/member/${uniqueName('app')}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 30 }));
    return name;
  }

  const retentionOf = async (name: string) =>
    (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups?.find(
      (group) => group.logGroupName === name,
    )?.retentionInDays;

  const requestIn = (name: string) => {
    const request = requestFor(RULE, {
      resourceType: 'AWS::Logs::LogGroup',
      resourceId: name,
      resourceName: name,
    });
    return { ...request, resource: { ...request.resource, accountId: MEMBER, region: REGION } };
  };

  it("reads and fixes the member's resource in its own region, recording it in the central bucket", async () => {
    const name = await memberLogGroup();
    const response = await enabled.run(requestIn(name));
    expect(response.batchItemFailures).toEqual([]);
    expect(await retentionOf(name)).toBe(365);
    const { record } = await onlyRecord(enabled, RULE, name);
    expect(record.outcome, record.reason).toBe('remediated');
    expect(record.resource).toMatchObject({ accountId: MEMBER, region: REGION });
  });

  it('changes nothing in a member when the stack deploys no remediation role there', async () => {
    const name = await memberLogGroup();
    const response = await disabled.run(requestIn(name));
    expect(response.batchItemFailures).toEqual([]);
    expect(await retentionOf(name)).toBe(30);
    await expect(onlyRecord(disabled, RULE, name)).rejects.toThrow(/got 0/);
  });

  it('refuses an account outside the organization', async () => {
    const request = requestIn('/vigil/anything');
    const outsider = { ...request, resource: { ...request.resource, accountId: '999999999999' } };
    const response = await enabled.run(outsider);
    expect(response.batchItemFailures).toEqual([]);
    await expect(onlyRecord(enabled, RULE, '/vigil/anything')).rejects.toThrow(/got 0/);
  });
});
