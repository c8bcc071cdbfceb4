import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateVpcCommand, DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import { type LocalRemediation, localRemediation, onlyRecord, requestFor } from './harness';

const RETENTION = 'cw-loggroup-retention-period-check';

describe('remediation guard rails (moto)', () => {
  const endpoint = inject('motoEndpoint');
  const ssmPrefix = `/${uniqueName('vigil')}/remediation`;
  let limited: LocalRemediation;
  let logs: CloudWatchLogsClient;
  let ssm: SSMClient;

  beforeAll(async () => {
    limited = await localRemediation(endpoint, 'vigil-rem-guard', {
      REMEDIATION_TOGGLES: JSON.stringify({ [RETENTION]: 'on', 'cmk-backing-key-rotation-enabled': 'on' }),
      REMEDIATION_MAX_PER_HOUR: '1',
      REMEDIATION_SSM_PREFIX: ssmPrefix,
      REMEDIATION_TOGGLE_CACHE_SECONDS: '0',
    });
    const config = awsClientConfig(endpoint);
    logs = new CloudWatchLogsClient(config);
    ssm = new SSMClient(config);
  });

  afterAll(() => {
    limited?.close();
    for (const client of [logs, ssm]) client?.destroy();
  });

  async function shortLivedLogGroup(): Promise<string> {
    const name = `/vigil/guard/${uniqueName('app')}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 7 }));
    return name;
  }

  async function retentionOf(name: string): Promise<number | undefined> {
    const response = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    return response.logGroups?.find((group) => group.logGroupName === name)?.retentionInDays;
  }

  const request = (name: string) =>
    requestFor(RETENTION, { resourceType: 'AWS::Logs::LogGroup', resourceId: name, resourceName: name });

  it('rate limit: the second remediation of a rule in the same hour is refused, recorded and alerted', async () => {
    const [first, second] = await Promise.all([shortLivedLogGroup(), shortLivedLogGroup()]);
    await limited.run(request(first), request(second));
    expect(await retentionOf(first)).toBe(365);
    expect(await retentionOf(second)).toBe(7);
    const { record } = await onlyRecord(limited, RETENTION, second);
    expect(record.outcome).toBe('rate-limited');
    expect(record.made).toEqual([]);
    expect(record.rateLimit?.limit).toBe(1);
    const alerts = await limited.alerts();
    expect(alerts.some((alert) => alert.subject.includes('REMEDIATION FAILED'))).toBe(true);
  });

  it('SSM overrides the deploy-time toggle at run time (off wins over on; dry-run over off)', async () => {
    const name = await shortLivedLogGroup();
    await ssm.send(
      new PutParameterCommand({ Name: `${ssmPrefix}/${RETENTION}`, Value: 'off', Type: 'String' }),
    );
    await ssm.send(
      new PutParameterCommand({ Name: `${ssmPrefix}/restricted-ssh`, Value: 'dry-run', Type: 'String' }),
    );
    expect(await limited.runtime.toggles.modeOf(RETENTION)).toBe('off');
    expect(await limited.runtime.toggles.modeOf('restricted-ssh')).toBe('dry-run');
    expect(await limited.runtime.toggles.modeOf('cmk-backing-key-rotation-enabled')).toBe('on');
    const before = (await limited.records(name)).length;
    await limited.run(request(name));
    expect(await retentionOf(name)).toBe(7);
    expect((await limited.records(name)).length).toBe(before);
  });

  it('a call AWS refuses is recorded as failed with its error and alerted; the rule is not retried', async () => {
    const broken = await localRemediation(
      endpoint,
      'vigil-rem-fail',
      {
        REMEDIATION_TOGGLES: JSON.stringify({ 'vpc-flow-logs-enabled': 'on' }),
        REMEDIATION_SSM_PREFIX: 'none',
        REMEDIATION_FLOW_LOG_DESTINATION: `arn:aws:s3:::${uniqueName('missing-bucket')}`,
      },
      limited.stack,
    );
    const ec2 = new EC2Client(awsClientConfig(endpoint));
    try {
      const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.77.0.0/16' }))).Vpc?.VpcId ?? '';
      await limited.alerts();
      const response = await broken.run(
        requestFor('vpc-flow-logs-enabled', { resourceType: 'AWS::EC2::VPC', resourceId: vpcId }),
      );
      expect(response.batchItemFailures).toEqual([]);
      const flowLogs = await ec2.send(
        new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpcId] }] }),
      );
      expect(flowLogs.FlowLogs ?? []).toEqual([]);
      const { record } = await onlyRecord(broken, 'vpc-flow-logs-enabled', vpcId);
      expect(record.outcome).toBe('failed');
      expect(record.made).toEqual([
        expect.objectContaining({
          operation: 'CreateFlowLogs',
          status: 'failed',
          error: expect.stringContaining('does not exist'),
        }),
      ]);
      expect(record.after?.compliance).toBe('NON_COMPLIANT');
      const alerts = await broken.alerts();
      expect(alerts.map((alert) => alert.subject)).toEqual([expect.stringContaining('REMEDIATION FAILED')]);
    } finally {
      broken.close();
      ec2.destroy();
    }
  });
});
