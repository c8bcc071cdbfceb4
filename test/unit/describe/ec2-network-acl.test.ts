import { DescribeNetworkAclsCommand, EC2Client, type NetworkAcl } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import { describeNetworkAcl, listNetworkAcls } from '#shared/describe/ec2-network-acl/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { NETWORK_ACL_TYPE } from '#shared/resources/ec2';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { resolveParameters } from '#shared/rules/parameters';
import type { Rule } from '#shared/rules/rule';
import { naclNoUnrestrictedSshRdp } from '#shared/rules/vpc/nacl-no-unrestricted-ssh-rdp';
import { vpcNetworkAclUnusedCheck } from '#shared/rules/vpc/vpc-network-acl-unused-check';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';
import { awsError, sdkShapeOf, withoutNulls } from './sdk-shape';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const base = { accountId: ACCOUNT, region: REGION, captureTime: '2026-11-23T09:30:00.000Z' };
const RULES: readonly Rule[] = [naclNoUnrestrictedSshRdp, vpcNetworkAclUnusedCheck] as Rule[];

function touched(eventName: string, fields: Partial<CloudTrailRecord>): [string, string][] {
  const record: CloudTrailRecord = {
    eventID: '6c1f0e2d-3b4a-4c5d-8e9f-0a1b2c3d4e5f',
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

describe('describeNetworkAcl: AWS::EC2::NetworkAcl as AWS Config records it', () => {
  const ec2 = mockClient(EC2Client);
  const client = () => new EC2Client({});

  beforeEach(() => ec2.reset());

  it.each(['default-allow-all', 'restricted-unused'])(
    'fixture %s comes back from the DescribeNetworkAcls answer behind it, judged the same',
    async (name) => {
      const fixture = loadFixture(NETWORK_ACL_TYPE, name);
      ec2
        .on(DescribeNetworkAclsCommand, { NetworkAclIds: [fixture.item.resourceId] })
        .resolves({ NetworkAcls: [sdkShapeOf(fixture.item.configuration) as NetworkAcl] });
      const item = await describeNetworkAcl(client(), {
        ...base,
        resourceType: NETWORK_ACL_TYPE,
        lookupId: fixture.item.resourceId,
      });
      expect(item.configuration).toEqual(withoutNulls(fixture.item.configuration));
      expect(item).toMatchObject({
        resourceId: fixture.item.resourceId,
        arn: fixture.item.arn,
        tags: fixture.item.tags,
      });
      expect(item.resourceName ?? '').toBe(fixture.item.resourceName ?? '');
      expect(ec2.commandCalls(DescribeNetworkAclsCommand)).toHaveLength(1);
      for (const rule of RULES) {
        const verdict = rule.evaluate(item, {
          parameters: resolveParameters(rule),
          now: new Date('2026-11-23T12:00:00Z'),
          inventory: EMPTY_INVENTORY,
        });
        expect(verdict.compliance, rule.id).toBe(evaluateFixture(rule, fixture).compliance);
      }
    },
  );

  it.each([
    [
      'InvalidNetworkAclID.NotFound',
      () => ec2.on(DescribeNetworkAclsCommand).rejects(awsError('InvalidNetworkAclID.NotFound')),
    ],
    ['an empty answer', () => ec2.on(DescribeNetworkAclsCommand).resolves({ NetworkAcls: [] })],
  ])('a network ACL is deleted on %s', async (_case, arrange) => {
    arrange();
    const item = await describeNetworkAcl(client(), {
      ...base,
      resourceType: NETWORK_ACL_TYPE,
      lookupId: 'acl-gone',
    });
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: 'acl-gone' });
  });

  it('rethrows any other error rather than report the ACL deleted', async () => {
    ec2.on(DescribeNetworkAclsCommand).rejects(awsError('UnauthorizedOperation'));
    await expect(
      describeNetworkAcl(client(), { ...base, resourceType: NETWORK_ACL_TYPE, lookupId: 'acl-1' }),
    ).rejects.toThrow('UnauthorizedOperation');
  });

  it('lists the ACLs the account owns, across pages, leaving out those of VPCs shared with it', async () => {
    ec2
      .on(DescribeNetworkAclsCommand)
      .resolvesOnce({
        NetworkAcls: [
          { NetworkAclId: 'acl-1', OwnerId: ACCOUNT },
          { NetworkAclId: 'acl-shared', OwnerId: '210987654321' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({ NetworkAcls: [{ NetworkAclId: 'acl-2', OwnerId: ACCOUNT }] });
    const refs = await listNetworkAcls(client(), base);
    expect(refs.map((ref) => ref.lookupId)).toEqual(['acl-1', 'acl-2']);
    expect(refs.every((ref) => ref.resourceType === NETWORK_ACL_TYPE)).toBe(true);
  });
});

describe('network ACL CloudTrail triggers', () => {
  it('CreateNetworkAcl re-describes the ACL it returns', () => {
    expect(
      touched('CreateNetworkAcl', {
        requestParameters: { vpcId: 'vpc-1' },
        responseElements: { networkAcl: { networkAclId: 'acl-new', vpcId: 'vpc-1' } },
      }),
    ).toEqual([[NETWORK_ACL_TYPE, 'acl-new']]);
  });

  it.each([
    'CreateNetworkAclEntry',
    'ReplaceNetworkAclEntry',
    'DeleteNetworkAclEntry',
    'DeleteNetworkAcl',
    'ReplaceNetworkAclAssociation',
  ])('%s re-describes the ACL its request names', (eventName) => {
    expect(touched(eventName, { requestParameters: { networkAclId: 'acl-1', ruleNumber: 100 } })).toEqual([
      [NETWORK_ACL_TYPE, 'acl-1'],
    ]);
  });

  it('CreateTags re-describes only the network ACLs among the tagged resources', () => {
    const resourcesSet = {
      items: [{ resourceId: 'acl-1' }, { resourceId: 'vpc-1' }, { resourceId: 'sg-1' }],
    };
    expect(touched('CreateTags', { requestParameters: { resourcesSet } })).toContainEqual([
      NETWORK_ACL_TYPE,
      'acl-1',
    ]);
    expect(
      touched('CreateTags', { requestParameters: { resourcesSet } }).filter(
        ([type]) => type === NETWORK_ACL_TYPE,
      ),
    ).toEqual([[NETWORK_ACL_TYPE, 'acl-1']]);
  });
});
