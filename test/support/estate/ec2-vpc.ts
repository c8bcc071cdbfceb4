import { randomInt } from 'node:crypto';
import { CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFlowLogsCommand, CreateVpcCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { VPC_TYPE } from '#shared/resources/ec2';
import type { SeededEvent } from './ec2-launch';
import type { PairSeeder } from './pair';

async function createVpc(ec2: EC2Client): Promise<{ readonly vpcId: string; readonly event: SeededEvent }> {
  const cidrBlock = `10.${randomInt(0, 256)}.0.0/16`;
  const created = await ec2.send(new CreateVpcCommand({ CidrBlock: cidrBlock }));
  const vpcId = created.Vpc?.VpcId ?? '';
  return {
    vpcId,
    event: {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateVpc',
      requestParameters: { cidrBlock, instanceTenancy: 'default' },
      responseElements: {
        requestId: `req-${vpcId}`,
        vpc: { vpcId, state: 'pending', cidrBlock, instanceTenancy: 'default', isDefault: false },
      },
    },
  };
}

/**
 * Two VPCs: one without any flow log, which fails `vpc-flow-logs-enabled`; its twin captures ALL traffic
 * into a CloudWatch Logs group kept 400 days, so it also passes `vpc-flow-logs-retention-check` (NOT_APPLICABLE
 * to the VPC without flow logs, so not among the failing rules).
 */
export const EC2_VPC_SEEDER: PairSeeder = {
  resourceType: VPC_TYPE,
  async seed(clients, { accountId, region, suffix }) {
    const [ec2, logs, iam] = await Promise.all([
      clients.client('ec2'),
      clients.client('logs'),
      clients.client('iam'),
    ]);
    const dark = await createVpc(ec2);
    const watched = await createVpc(ec2);
    const logGroupName = `/vigil/estate/flow-logs/${suffix}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays: 400 }));
    const logGroupArn = `arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}`;
    const roleName = `vigil-flow-logs-${suffix}`.slice(0, 64);
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    });
    const delivery = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: `${logGroupArn}:*`,
        },
      ],
    });
    const created = await iam.send(
      new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust }),
    );
    await iam.send(
      new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'deliver', PolicyDocument: delivery }),
    );
    const role = created.Role?.Arn ?? `arn:aws:iam::${accountId}:role/${roleName}`;
    const flowLogs = await ec2.send(
      new CreateFlowLogsCommand({
        ResourceIds: [watched.vpcId],
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: logGroupName,
        DeliverLogsPermissionArn: role,
      }),
    );
    const flowLogId = flowLogs.FlowLogIds?.[0] ?? '';
    return {
      misconfigured: { resourceType: VPC_TYPE, resourceId: dark.vpcId },
      compliant: { resourceType: VPC_TYPE, resourceId: watched.vpcId },
      failingRules: ['vpc-flow-logs-enabled'],
      events: [
        dark.event,
        watched.event,
        {
          eventSource: 'logs.amazonaws.com',
          eventName: 'CreateLogGroup',
          requestParameters: { logGroupName },
        },
        {
          eventSource: 'iam.amazonaws.com',
          eventName: 'CreateRole',
          requestParameters: { roleName, assumeRolePolicyDocument: trust },
          responseElements: { role: { roleName, arn: role, path: '/' } },
        },
        {
          eventSource: 'iam.amazonaws.com',
          eventName: 'PutRolePolicy',
          requestParameters: { roleName, policyName: 'deliver', policyDocument: delivery },
        },
        {
          eventSource: 'logs.amazonaws.com',
          eventName: 'PutRetentionPolicy',
          requestParameters: { logGroupName, retentionInDays: 400 },
        },
        {
          eventSource: 'ec2.amazonaws.com',
          eventName: 'CreateFlowLogs',
          requestParameters: {
            CreateFlowLogsRequest: {
              ResourceId: { tag: 1, content: watched.vpcId },
              ResourceType: 'VPC',
              TrafficType: 'ALL',
              LogDestinationType: 'cloud-watch-logs',
              LogGroupName: logGroupName,
              DeliverLogsPermissionArn: role,
            },
          },
          responseElements: {
            CreateFlowLogsResponse: {
              xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
              requestId: `req-${flowLogId}`,
              flowLogIdSet: { item: flowLogId },
              unsuccessful: '',
            },
          },
        },
      ],
      motoGaps: [
        'moto reports a CloudWatch Logs flow log delivering (SUCCESS) without assuming its delivery role, and ' +
          'omits LogDestination for CloudWatch Logs destinations (AWS returns the log group ARN): the retention ' +
          'rule finds the group by logGroupName, which both return.',
      ],
    };
  },
};
