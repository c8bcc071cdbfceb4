import { CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFlowLogsCommand, CreateVpcCommand, DeleteFlowLogsCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EC2_VPC_SEEDER } from '#test/support/estate/ec2-vpc';
import type { SeededPair } from '#test/support/estate/pair';
import { uniqueName } from '#test/support/moto';
import {
  ACCOUNT,
  chainOf,
  cloudTrailCaller,
  type LocalPipeline,
  localPipeline,
  REGION,
} from '../pipeline/harness';
import { eventVerdicts, expectPairJudged, motoClients, sweepVerdicts } from './ec2-pairs';

const RULES = ['vpc-flow-logs-enabled', 'vpc-flow-logs-retention-check'];

describe('AWS::EC2::VPC and AWS::EC2::FlowLog on moto: seeded pair, describe sweep and CloudTrail path', () => {
  const endpoint = inject('motoEndpoint');
  const clients = motoClients(endpoint);
  let seeded: SeededPair;
  const pipelines: LocalPipeline[] = [];

  beforeAll(async () => {
    seeded = await EC2_VPC_SEEDER.seed(clients, {
      accountId: ACCOUNT,
      region: REGION,
      suffix: uniqueName('vpc'),
    });
  });

  afterAll(() => {
    for (const pipeline of pipelines) pipeline.close();
  });

  it('the describe sweep lists both VPCs and their flow logs, and fails only the VPC without one', async () => {
    const verdicts = await sweepVerdicts(endpoint, seeded, RULES);
    expectPairJudged(seeded, verdicts);
    expect(verdicts.misconfigured['vpc-flow-logs-retention-check']).toBe('NOT_APPLICABLE');
    expect(verdicts.compliant['vpc-flow-logs-retention-check']).toBe('COMPLIANT');
  });

  it('the CloudTrail calls reach the same verdicts through the evaluator', async () => {
    const verdicts = await eventVerdicts(endpoint, 'vigil-vpc-pair', seeded, RULES);
    pipelines.push(verdicts.pipeline);
    expectPairJudged(seeded, verdicts);
    expect(verdicts.compliant['vpc-flow-logs-retention-check']).toBe('COMPLIANT');
  });

  it('CreateFlowLogs re-judges the VPC it captures; DeleteFlowLogs names no VPC, so the VPC follows on its next change', async () => {
    const [ec2, logs] = await Promise.all([clients.client('ec2'), clients.client('logs')]);
    const pipeline = await localPipeline(endpoint, 'vigil-vpc-flow', {
      ENABLED_RULES: RULES.join(','),
      INVENTORY_SOURCE: 'describe',
    });
    pipelines.push(pipeline);
    const call = cloudTrailCaller(() => pipeline, Date.now());
    const cidrBlock = '10.77.0.0/16';
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidrBlock }))).Vpc?.VpcId ?? '';
    await call({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateVpc',
      requestParameters: { cidrBlock, instanceTenancy: 'default' },
      responseElements: { vpc: { vpcId, state: 'pending', cidrBlock } },
    });

    const logGroupName = `/vigil/vpc/${uniqueName('month')}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays: 30 }));
    const role = `arn:aws:iam::${ACCOUNT}:role/vigil-flow-logs`;
    const created = await ec2.send(
      new CreateFlowLogsCommand({
        ResourceIds: [vpcId],
        ResourceType: 'VPC',
        TrafficType: 'REJECT',
        LogGroupName: logGroupName,
        DeliverLogsPermissionArn: role,
      }),
    );
    const flowLogId = created.FlowLogIds?.[0] ?? '';
    await call({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateFlowLogs',
      requestParameters: {
        CreateFlowLogsRequest: {
          ResourceId: { tag: 1, content: vpcId },
          ResourceType: 'VPC',
          TrafficType: 'REJECT',
          LogGroupName: logGroupName,
          DeliverLogsPermissionArn: role,
        },
      },
      responseElements: { CreateFlowLogsResponse: { flowLogIdSet: { item: flowLogId }, unsuccessful: '' } },
    });
    const enabled = async () =>
      (await chainOf(pipeline, vpcId, 'vpc-flow-logs-enabled')).map((finding) => finding.compliance);
    const retention = async () =>
      (await chainOf(pipeline, vpcId, 'vpc-flow-logs-retention-check')).map((finding) => finding.compliance);
    expect(await enabled()).toEqual(['NON_COMPLIANT', 'COMPLIANT']);
    // A REJECT-only flow log into a group kept 30 days: enabled, but not kept long enough.
    expect(await retention()).toEqual(['NOT_APPLICABLE', 'NON_COMPLIANT']);

    await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: [flowLogId] }));
    await call({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DeleteFlowLogs',
      requestParameters: { DeleteFlowLogsRequest: { FlowLogId: { tag: 1, content: flowLogId } } },
      responseElements: { DeleteFlowLogsResponse: { unsuccessful: '' } },
    });
    expect(await enabled()).toEqual(['NON_COMPLIANT', 'COMPLIANT']);
    // The VPC's next change (here a tag) re-judges it without the deleted flow log.
    await call({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateTags',
      requestParameters: {
        resourcesSet: { items: [{ resourceId: vpcId }] },
        tagSet: { items: [{ key: 'Name', value: 'flow-test' }] },
      },
    });
    expect(await enabled()).toEqual(['NON_COMPLIANT', 'COMPLIANT', 'NON_COMPLIANT']);
  });
});
