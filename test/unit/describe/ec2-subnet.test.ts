import { DescribeSubnetsCommand, EC2Client, type Subnet } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import { describeSubnet, listSubnets } from '#shared/describe/ec2-subnet/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { SUBNET_TYPE } from '#shared/resources/ec2';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import type { Rule } from '#shared/rules/rule';
import { subnetAutoAssignPublicIpDisabled as rule } from '#shared/rules/vpc/subnet-auto-assign-public-ip-disabled';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';
import { awsError, sdkShapeOf, withoutNulls } from './sdk-shape';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const base = { accountId: ACCOUNT, region: REGION, captureTime: '2026-11-23T09:30:00.000Z' };

function touched(eventName: string, fields: Partial<CloudTrailRecord>): [string, string][] {
  const record: CloudTrailRecord = {
    eventID: '7d2e1f0a-4b3c-4d5e-9f8a-1b2c3d4e5f6a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName,
    awsRegion: REGION,
    recipientAccountId: ACCOUNT,
    requestParameters: null,
    responseElements: null,
    ...fields,
  };
  return refsFromCloudTrail(record, ACCOUNT).map((ref) => [ref.resourceType, ref.lookupId]);
}

describe('describeSubnet: AWS::EC2::Subnet as AWS Config records it', () => {
  const ec2 = mockClient(EC2Client);
  const client = () => new EC2Client({});

  beforeEach(() => ec2.reset());

  it.each(['public-web-subnet', 'private-app-subnet'])(
    'fixture %s comes back from the DescribeSubnets answer behind it, judged the same',
    async (name) => {
      const fixture = loadFixture(SUBNET_TYPE, name);
      ec2
        .on(DescribeSubnetsCommand, { SubnetIds: [fixture.item.resourceId] })
        .resolves({ Subnets: [sdkShapeOf(fixture.item.configuration) as Subnet] });
      const item = await describeSubnet(client(), {
        ...base,
        resourceType: SUBNET_TYPE,
        lookupId: fixture.item.resourceId,
      });
      expect(item.configuration).toEqual(withoutNulls(fixture.item.configuration));
      expect(item).toMatchObject({
        resourceId: fixture.item.resourceId,
        resourceName: fixture.item.resourceName,
        arn: fixture.item.arn,
        tags: fixture.item.tags,
      });
      expect(ec2.commandCalls(DescribeSubnetsCommand)).toHaveLength(1);
      const verdict = (rule as Rule).evaluate(item, {
        parameters: {},
        now: new Date('2026-11-23T12:00:00Z'),
        inventory: EMPTY_INVENTORY,
      });
      expect(verdict.compliance).toBe(evaluateFixture(rule, fixture).compliance);
    },
  );

  it.each([
    [
      'InvalidSubnetID.NotFound',
      () => ec2.on(DescribeSubnetsCommand).rejects(awsError('InvalidSubnetID.NotFound')),
    ],
    ['an empty answer', () => ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] })],
  ])('a subnet is deleted on %s', async (_case, arrange) => {
    arrange();
    const item = await describeSubnet(client(), {
      ...base,
      resourceType: SUBNET_TYPE,
      lookupId: 'subnet-gone',
    });
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: 'subnet-gone' });
  });

  it('lists the subnets the account owns across pages, not those shared with it', async () => {
    ec2
      .on(DescribeSubnetsCommand)
      .resolvesOnce({
        Subnets: [
          { SubnetId: 'subnet-1', OwnerId: ACCOUNT },
          { SubnetId: 'subnet-shared', OwnerId: '210987654321' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({ Subnets: [{ SubnetId: 'subnet-2', OwnerId: ACCOUNT }] });
    expect((await listSubnets(client(), base)).map((ref) => ref.lookupId)).toEqual(['subnet-1', 'subnet-2']);
  });
});

describe('subnet CloudTrail triggers', () => {
  it('CreateSubnet re-describes the subnet it returns', () => {
    expect(
      touched('CreateSubnet', {
        requestParameters: { vpcId: 'vpc-1', cidrBlock: '10.0.1.0/24' },
        responseElements: { subnet: { subnetId: 'subnet-new', vpcId: 'vpc-1' } },
      }),
    ).toEqual([[SUBNET_TYPE, 'subnet-new']]);
  });

  it.each(['ModifySubnetAttribute', 'DeleteSubnet'])(
    '%s re-describes the subnet its request names',
    (eventName) => {
      expect(touched(eventName, { requestParameters: { subnetId: 'subnet-1' } })).toContainEqual([
        SUBNET_TYPE,
        'subnet-1',
      ]);
    },
  );
});
