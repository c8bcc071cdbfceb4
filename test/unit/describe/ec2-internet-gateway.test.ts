import { DescribeInternetGatewaysCommand, EC2Client, type InternetGateway } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import {
  describeInternetGateway,
  listInternetGateways,
} from '#shared/describe/ec2-internet-gateway/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { INTERNET_GATEWAY_TYPE } from '#shared/resources/ec2';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import type { Rule } from '#shared/rules/rule';
import { internetGatewayAuthorizedVpcOnly } from '#shared/rules/vpc/internet-gateway-authorized-vpc-only';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';
import { awsError, sdkShapeOf, withoutNulls } from './sdk-shape';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const base = { accountId: ACCOUNT, region: REGION, captureTime: '2026-11-23T09:30:00.000Z' };
const rule = internetGatewayAuthorizedVpcOnly as Rule;

function touched(eventName: string, fields: Partial<CloudTrailRecord>): [string, string][] {
  const record: CloudTrailRecord = {
    eventID: '8e3f2a1b-5c4d-4e6f-8a9b-2c3d4e5f6a7b',
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

describe('describeInternetGateway: AWS::EC2::InternetGateway as AWS Config records it', () => {
  const ec2 = mockClient(EC2Client);
  const client = () => new EC2Client({});

  beforeEach(() => ec2.reset());

  it.each(['attached-to-payments-vpc', 'detached-leftover'])(
    'fixture %s comes back from the DescribeInternetGateways answer behind it, judged the same',
    async (name) => {
      const fixture = loadFixture(INTERNET_GATEWAY_TYPE, name);
      ec2
        .on(DescribeInternetGatewaysCommand, { InternetGatewayIds: [fixture.item.resourceId] })
        .resolves({ InternetGateways: [sdkShapeOf(fixture.item.configuration) as InternetGateway] });
      const item = await describeInternetGateway(client(), {
        ...base,
        resourceType: INTERNET_GATEWAY_TYPE,
        lookupId: fixture.item.resourceId,
      });
      expect(item.configuration).toEqual(withoutNulls(fixture.item.configuration));
      expect(item).toMatchObject({
        resourceId: fixture.item.resourceId,
        arn: fixture.item.arn,
        tags: fixture.item.tags,
      });
      expect(item.resourceName ?? '').toBe(fixture.item.resourceName ?? '');
      expect(ec2.commandCalls(DescribeInternetGatewaysCommand)).toHaveLength(1);
      const verdict = rule.evaluate(item, {
        parameters: { AuthorizedVpcIds: [] },
        now: new Date(),
        inventory: EMPTY_INVENTORY,
      });
      expect(verdict.compliance).toBe(evaluateFixture(rule, fixture).compliance);
    },
  );

  it.each([
    [
      'InvalidInternetGatewayID.NotFound',
      () => ec2.on(DescribeInternetGatewaysCommand).rejects(awsError('InvalidInternetGatewayID.NotFound')),
    ],
    ['an empty answer', () => ec2.on(DescribeInternetGatewaysCommand).resolves({ InternetGateways: [] })],
  ])('a gateway is deleted on %s', async (_case, arrange) => {
    arrange();
    const item = await describeInternetGateway(client(), {
      ...base,
      resourceType: INTERNET_GATEWAY_TYPE,
      lookupId: 'igw-gone',
    });
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: 'igw-gone' });
  });

  it('lists the gateways the account owns across pages', async () => {
    ec2
      .on(DescribeInternetGatewaysCommand)
      .resolvesOnce({
        InternetGateways: [
          { InternetGatewayId: 'igw-1', OwnerId: ACCOUNT },
          { InternetGatewayId: 'igw-other', OwnerId: '210987654321' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({ InternetGateways: [{ InternetGatewayId: 'igw-2', OwnerId: ACCOUNT }] });
    expect((await listInternetGateways(client(), base)).map((ref) => ref.lookupId)).toEqual([
      'igw-1',
      'igw-2',
    ]);
  });
});

describe('internet gateway CloudTrail triggers', () => {
  it('CreateInternetGateway re-describes the gateway it returns', () => {
    expect(
      touched('CreateInternetGateway', {
        responseElements: { internetGateway: { internetGatewayId: 'igw-new' } },
      }),
    ).toEqual([[INTERNET_GATEWAY_TYPE, 'igw-new']]);
  });

  it.each(['AttachInternetGateway', 'DetachInternetGateway', 'DeleteInternetGateway'])(
    '%s re-describes the gateway its request names',
    (eventName) => {
      expect(
        touched(eventName, { requestParameters: { internetGatewayId: 'igw-1', vpcId: 'vpc-1' } }),
      ).toContainEqual([INTERNET_GATEWAY_TYPE, 'igw-1']);
    },
  );
});
