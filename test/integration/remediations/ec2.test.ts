import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DescribeFlowLogsCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { allowTagExemptions } from '#test/support/acceptances';
import { awsClientConfig, s3ClientConfig, uniqueName } from '#test/support/moto';
import { type LocalRemediation, localRemediation, onlyRecord, requestFor } from './harness';

describe('EC2 and VPC remediations through the real handler (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let on: LocalRemediation;
  let dryRun: LocalRemediation;
  let ec2: EC2Client;
  let vpcId: string;

  beforeAll(async () => {
    ec2 = new EC2Client(awsClientConfig(endpoint));
    const s3 = new S3Client(s3ClientConfig(endpoint));
    const flowBucket = uniqueName('vigil-flow-logs');
    await s3.send(new CreateBucketCommand({ Bucket: flowBucket }));
    s3.destroy();
    const toggles = (mode: string) =>
      JSON.stringify({ 'ec2-imdsv2-check': mode, 'restricted-ssh': mode, 'vpc-flow-logs-enabled': mode });
    const env = { REMEDIATION_FLOW_LOG_DESTINATION: `arn:aws:s3:::${flowBucket}` };
    [on, dryRun] = await Promise.all([
      localRemediation(endpoint, 'vigil-rem-ec2', { ...env, REMEDIATION_TOGGLES: toggles('on') }),
      localRemediation(endpoint, 'vigil-rem-ec2d', { ...env, REMEDIATION_TOGGLES: toggles('dry-run') }),
    ]);
    // A vigil:exempt tag exempts only where the register allows it (docs/acceptances.md).
    await allowTagExemptions(endpoint, on.stack, ['restricted-ssh'], 'sg-*');
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }));
    vpcId = vpc.Vpc?.VpcId ?? '';
  });

  afterAll(() => {
    on?.close();
    dryRun?.close();
    ec2?.destroy();
  });

  async function openSshGroup(tags: Record<string, string> = {}): Promise<string> {
    const group = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: uniqueName('ssh-open'),
        Description: 'test',
        VpcId: vpcId,
      }),
    );
    const groupId = group.GroupId ?? '';
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '10.0.0.0/8' }],
            Ipv6Ranges: [{ CidrIpv6: '::/0' }],
          },
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ],
      }),
    );
    const entries = Object.entries(tags);
    if (entries.length > 0) {
      await ec2.send(
        new CreateTagsCommand({
          Resources: [groupId],
          Tags: entries.map(([Key, Value]) => ({ Key, Value })),
        }),
      );
    }
    return groupId;
  }

  async function ingressOf(groupId: string) {
    const response = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    return (response.SecurityGroups?.[0]?.IpPermissions ?? []).map((permission) => ({
      port: permission.FromPort,
      v4: (permission.IpRanges ?? []).map((range) => range.CidrIp).sort(),
      v6: (permission.Ipv6Ranges ?? []).map((range) => range.CidrIpv6),
    }));
  }

  async function imdsV1Instance(): Promise<string> {
    const run = await ec2.send(
      new RunInstancesCommand({
        // One of moto's built-in AMIs (DescribeImages takes seconds in moto, so it is not looked up).
        ImageId: 'ami-12c6146b',
        MinCount: 1,
        MaxCount: 1,
        InstanceType: 't3.micro',
        MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled' },
      }),
    );
    return run.Instances?.[0]?.InstanceId ?? '';
  }

  async function httpTokensOf(instanceId: string): Promise<string | undefined> {
    const response = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    return response.Reservations?.[0]?.Instances?.[0]?.MetadataOptions?.HttpTokens;
  }

  it('restricted-ssh on: revokes only the world-open sources on port 22', async () => {
    const groupId = await openSshGroup();
    const response = await on.run(
      requestFor('restricted-ssh', { resourceType: 'AWS::EC2::SecurityGroup', resourceId: groupId }),
    );
    expect(response.batchItemFailures).toEqual([]);
    const ingress = await ingressOf(groupId);
    expect(ingress).toContainEqual({ port: 22, v4: ['10.0.0.0/8'], v6: [] });
    expect(ingress).toContainEqual({ port: 443, v4: ['0.0.0.0/0'], v6: [] });
    const { record } = await onlyRecord(on, 'restricted-ssh', groupId);
    expect(record.outcome, record.reason).toBe('remediated');
    expect(record.after?.compliance).toBe('COMPLIANT');
  });

  it('restricted-ssh dry-run and exempt: the group keeps its open rule', async () => {
    const planned = await openSshGroup();
    const exempt = await openSshGroup({ 'vigil:exempt': 'restricted-ssh', 'vigil:exempt-reason': 'bastion' });
    await dryRun.run(
      requestFor('restricted-ssh', { resourceType: 'AWS::EC2::SecurityGroup', resourceId: planned }),
    );
    await on.run(
      requestFor('restricted-ssh', { resourceType: 'AWS::EC2::SecurityGroup', resourceId: exempt }),
    );
    for (const groupId of [planned, exempt]) {
      expect(await ingressOf(groupId)).toContainEqual({
        port: 22,
        v4: ['0.0.0.0/0', '10.0.0.0/8'],
        v6: ['::/0'],
      });
    }
    const dry = await onlyRecord(dryRun, 'restricted-ssh', planned);
    expect(dry.record.outcome).toBe('planned');
    expect(dry.record.planned[0]).toMatchObject({ operation: 'RevokeSecurityGroupIngress' });
    expect((await onlyRecord(on, 'restricted-ssh', exempt)).record.outcome).toBe('exempt');
  });

  it('ec2-imdsv2-check on: requires tokens; dry-run leaves them optional', async () => {
    const [fixed, planned] = await Promise.all([imdsV1Instance(), imdsV1Instance()]);
    await on.run(requestFor('ec2-imdsv2-check', { resourceType: 'AWS::EC2::Instance', resourceId: fixed }));
    await dryRun.run(
      requestFor('ec2-imdsv2-check', { resourceType: 'AWS::EC2::Instance', resourceId: planned }),
    );
    expect(await httpTokensOf(fixed)).toBe('required');
    expect(await httpTokensOf(planned)).toBe('optional');
    const { record } = await onlyRecord(on, 'ec2-imdsv2-check', fixed);
    expect(record.outcome, record.reason).toBe('remediated');
    expect((await onlyRecord(dryRun, 'ec2-imdsv2-check', planned)).record.outcome).toBe('planned');
  });

  it('vpc-flow-logs-enabled on: creates a VPC flow log to the configured bucket; dry-run creates none', async () => {
    const [fixed, planned] = await Promise.all(
      [1, 2].map(
        async (n) =>
          (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${30 + n}.0.0/16` }))).Vpc?.VpcId ?? '',
      ),
    );
    await on.run(
      requestFor('vpc-flow-logs-enabled', { resourceType: 'AWS::EC2::VPC', resourceId: fixed ?? '' }),
    );
    await dryRun.run(
      requestFor('vpc-flow-logs-enabled', { resourceType: 'AWS::EC2::VPC', resourceId: planned ?? '' }),
    );
    const flowLogs = async (id: string) =>
      (await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [id] }] })))
        .FlowLogs ?? [];
    const created = await flowLogs(fixed ?? '');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ TrafficType: 'ALL', LogDestinationType: 's3' });
    expect(await flowLogs(planned ?? '')).toHaveLength(0);
    const dry = await onlyRecord(dryRun, 'vpc-flow-logs-enabled', planned ?? '');
    expect(dry.record.outcome).toBe('planned');
    expect(dry.record.planned[0]?.input).toMatchObject({
      ResourceIds: [planned],
      ResourceType: 'VPC',
      TrafficType: 'ALL',
    });
    const { record } = await onlyRecord(on, 'vpc-flow-logs-enabled', fixed ?? '');
    expect(record.outcome, record.reason).toBe('remediated');
    expect(record.after?.compliance).toBe('COMPLIANT');
  });
});
