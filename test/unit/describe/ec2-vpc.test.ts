import {
  DescribeFlowLogsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type FlowLog,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { CLOUDTRAIL_EVENT_NAMES, refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import { describeFlowLog, listFlowLogs } from '#shared/describe/ec2-flow-log/describe';
import { describeVpc, listVpcs } from '#shared/describe/ec2-vpc/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { FLOW_LOG_TYPE, VPC_TYPE } from '#shared/resources/ec2';
import { createInventory } from '#shared/rules/inventory';
import { resolveParameters } from '#shared/rules/parameters';
import type { Rule } from '#shared/rules/rule';
import { vpcFlowLogsEnabled } from '#shared/rules/vpc/vpc-flow-logs-enabled';
import { vpcFlowLogsRetentionCheck } from '#shared/rules/vpc/vpc-flow-logs-retention-check';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';
import { awsError, sdkShapeOf, withoutNulls } from './sdk-shape';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const base = { accountId: ACCOUNT, region: REGION, captureTime: '2026-11-23T09:30:00.000Z' };

function record(eventName: string, fields: Partial<CloudTrailRecord>): CloudTrailRecord {
  return {
    eventID: 'b1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName,
    awsRegion: REGION,
    recipientAccountId: ACCOUNT,
    requestParameters: null,
    responseElements: null,
    ...fields,
  };
}

function touched(eventName: string, fields: Partial<CloudTrailRecord>): [string, string][] {
  return refsFromCloudTrail(record(eventName, fields), ACCOUNT).map((ref) => [
    ref.resourceType,
    ref.lookupId,
  ]);
}

function verdictOf(rule: Rule, item: ConfigurationItem, inventory: readonly ConfigurationItem[]): string {
  return rule.evaluate(item, {
    parameters: resolveParameters(rule),
    now: new Date('2026-11-23T12:00:00Z'),
    inventory: createInventory([...inventory, item]),
  }).compliance;
}

describe('describeVpc and describeFlowLog: AWS::EC2::VPC and AWS::EC2::FlowLog as AWS Config records them', () => {
  const ec2 = mockClient(EC2Client);
  const client = () => new EC2Client({});

  beforeEach(() => ec2.reset());

  it.each([
    'flow-logs-all-to-cloudwatch-400-days',
    'flow-logs-reject-to-cloudwatch-30-days',
    'flow-logs-all-to-s3',
    'subnet-flow-log-only',
  ])(
    'fixture %s: the VPC and its flow log items come back from the responses behind them, judged the same',
    async (name) => {
      const fixture = loadFixture(VPC_TYPE, name);
      const recorded = fixture.inventory.itemsOfType(FLOW_LOG_TYPE);
      const others = fixture.inventory.itemsOfType('AWS::Logs::LogGroup');
      ec2
        .on(DescribeVpcsCommand, { VpcIds: [fixture.item.resourceId] })
        .resolves({ Vpcs: [sdkShapeOf(fixture.item.configuration) as Vpc] });
      for (const flowLog of recorded) {
        ec2
          .on(DescribeFlowLogsCommand, { FlowLogIds: [flowLog.resourceId] })
          .resolves({ FlowLogs: [sdkShapeOf(flowLog.configuration) as FlowLog] });
      }
      const vpc = await describeVpc(client(), {
        ...base,
        resourceType: VPC_TYPE,
        lookupId: fixture.item.resourceId,
      });
      expect(vpc.configuration).toEqual(withoutNulls(fixture.item.configuration));
      expect(vpc).toMatchObject({
        resourceId: fixture.item.resourceId,
        arn: fixture.item.arn,
        tags: fixture.item.tags,
      });
      // Config writes "" for a VPC without a Name tag; the describer leaves the name out.
      expect(vpc.resourceName ?? '').toBe(fixture.item.resourceName ?? '');
      const flowLogs = await Promise.all(
        recorded.map((flowLog) =>
          describeFlowLog(client(), { ...base, resourceType: FLOW_LOG_TYPE, lookupId: flowLog.resourceId }),
        ),
      );
      for (const [index, flowLog] of flowLogs.entries()) {
        expect(flowLog.configuration).toEqual(withoutNulls(recorded[index]?.configuration));
        expect(flowLog).toMatchObject({ resourceId: recorded[index]?.resourceId, arn: recorded[index]?.arn });
      }
      for (const rule of [vpcFlowLogsEnabled, vpcFlowLogsRetentionCheck] as Rule[]) {
        expect(verdictOf(rule, vpc, [...flowLogs, ...others]), rule.id).toBe(
          evaluateFixture(rule, fixture).compliance,
        );
      }
    },
  );

  it('a VPC without a Name tag has no resource name', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1', OwnerId: ACCOUNT, IsDefault: true }] });
    const vpc = await describeVpc(client(), { ...base, resourceType: VPC_TYPE, lookupId: 'vpc-1' });
    expect(vpc).not.toHaveProperty('resourceName');
    expect(vpc.arn).toBe(`arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-1`);
  });

  it.each([
    ['InvalidVpcID.NotFound', () => ec2.on(DescribeVpcsCommand).rejects(awsError('InvalidVpcID.NotFound'))],
    ['an empty answer', () => ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] })],
  ])('a VPC is deleted on %s', async (_case, arrange) => {
    arrange();
    const vpc = await describeVpc(client(), { ...base, resourceType: VPC_TYPE, lookupId: 'vpc-gone' });
    expect(vpc).toMatchObject({ status: 'ResourceDeleted', resourceId: 'vpc-gone' });
  });

  it('a flow log DescribeFlowLogs no longer returns is deleted', async () => {
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    const flowLog = await describeFlowLog(client(), {
      ...base,
      resourceType: FLOW_LOG_TYPE,
      lookupId: 'fl-gone',
    });
    expect(flowLog).toMatchObject({ status: 'ResourceDeleted', resourceId: 'fl-gone', configuration: null });
  });

  it('lists the VPCs the account owns (not those shared with it) and every flow log, across pages', async () => {
    ec2
      .on(DescribeVpcsCommand)
      .resolvesOnce({ Vpcs: [{ VpcId: 'vpc-1', OwnerId: ACCOUNT }], NextToken: 't' })
      .resolvesOnce({ Vpcs: [{ VpcId: 'vpc-shared', OwnerId: '111122223333' }, { VpcId: 'vpc-2' }] });
    ec2
      .on(DescribeFlowLogsCommand)
      .resolvesOnce({ FlowLogs: [{ FlowLogId: 'fl-1' }], NextToken: 't' })
      .resolvesOnce({ FlowLogs: [{ FlowLogId: 'fl-2' }] });
    expect((await listVpcs(client(), base)).map((ref) => ref.lookupId)).toEqual(['vpc-1', 'vpc-2']);
    expect((await listFlowLogs(client(), base)).map((ref) => [ref.resourceType, ref.lookupId])).toEqual([
      [FLOW_LOG_TYPE, 'fl-1'],
      [FLOW_LOG_TYPE, 'fl-2'],
    ]);
  });
});

describe('CloudTrail calls that change a VPC or its flow logs', () => {
  it.each([
    ['CreateVpc', 'vpc-0a71e831cb5152c43'],
    ['CreateDefaultVpc', 'vpc-0b82f942dc6263d54'],
  ])('%s re-describes the VPC of responseElements.vpc', (eventName, vpcId) => {
    expect(
      touched(eventName, {
        requestParameters: { cidrBlock: '10.0.0.0/16', instanceTenancy: 'default' },
        responseElements: { requestId: 'r', vpc: { vpcId, state: 'pending', cidrBlock: '10.0.0.0/16' } },
      }),
    ).toEqual([[VPC_TYPE, vpcId]]);
  });

  it('DeleteVpc re-describes the VPC of the request', () => {
    expect(touched('DeleteVpc', { requestParameters: { vpcId: 'vpc-1' } })).toEqual([[VPC_TYPE, 'vpc-1']]);
  });

  it('CreateFlowLogs re-describes each new flow log, then each VPC it captures (subnets are not VPCs)', () => {
    const single = {
      requestParameters: {
        CreateFlowLogsRequest: {
          ResourceId: { tag: 1, content: 'vpc-12345678' },
          ResourceType: 'VPC',
          TrafficType: 'ALL',
          LogDestinationType: 's3',
          LogDestination: 'arn:aws:s3:::vpc-logs',
        },
      },
      responseElements: {
        CreateFlowLogsResponse: {
          xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
          requestId: 'r',
          unsuccessful: '',
          flowLogIdSet: { item: 'fl-01c931a7296ed28c9' },
        },
      },
    };
    expect(touched('CreateFlowLogs', single)).toEqual([
      [FLOW_LOG_TYPE, 'fl-01c931a7296ed28c9'],
      [VPC_TYPE, 'vpc-12345678'],
    ]);
    const several = {
      requestParameters: {
        CreateFlowLogsRequest: {
          ResourceId: [
            { tag: 1, content: 'vpc-aaaa1111' },
            { tag: 2, content: 'vpc-bbbb2222' },
          ],
          ResourceType: 'VPC',
          TrafficType: 'REJECT',
        },
      },
      responseElements: { CreateFlowLogsResponse: { flowLogIdSet: { item: ['fl-a', 'fl-b'] } } },
    };
    expect(touched('CreateFlowLogs', several)).toEqual([
      [FLOW_LOG_TYPE, 'fl-a'],
      [FLOW_LOG_TYPE, 'fl-b'],
      [VPC_TYPE, 'vpc-aaaa1111'],
      [VPC_TYPE, 'vpc-bbbb2222'],
    ]);
    const subnet = {
      requestParameters: {
        CreateFlowLogsRequest: { ResourceId: { tag: 1, content: 'subnet-1' }, ResourceType: 'Subnet' },
      },
      responseElements: { CreateFlowLogsResponse: { flowLogIdSet: { item: 'fl-s' } } },
    };
    expect(touched('CreateFlowLogs', subnet)).toEqual([[FLOW_LOG_TYPE, 'fl-s']]);
  });

  it('DeleteFlowLogs re-describes each flow log it names (the VPC is not in the event)', () => {
    expect(
      touched('DeleteFlowLogs', {
        requestParameters: { DeleteFlowLogsRequest: { FlowLogId: { tag: 1, content: 'fl-0a' } } },
      }),
    ).toEqual([[FLOW_LOG_TYPE, 'fl-0a']]);
    expect(
      touched('DeleteFlowLogs', {
        requestParameters: {
          DeleteFlowLogsRequest: { FlowLogId: [{ content: 'fl-0a' }, { content: 'fl-0b' }] },
        },
      }),
    ).toEqual([
      [FLOW_LOG_TYPE, 'fl-0a'],
      [FLOW_LOG_TYPE, 'fl-0b'],
    ]);
  });

  it('the EventBridge pattern lists the VPC and flow-log calls', () => {
    expect(CLOUDTRAIL_EVENT_NAMES).toEqual(
      expect.arrayContaining(['CreateVpc', 'DeleteVpc', 'CreateFlowLogs', 'DeleteFlowLogs', 'CreateVolume']),
    );
  });
});
