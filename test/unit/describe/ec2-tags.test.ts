import { describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { CloudTrailRecord } from '#shared/pipeline/events';

const ACCOUNT = '123456789012';

function touched(
  eventName: string,
  requestParameters: Record<string, unknown>,
  responseElements: Record<string, unknown> | null = null,
): [string, string][] {
  const record: CloudTrailRecord = {
    eventID: 'b1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters,
    responseElements,
  };
  return refsFromCloudTrail(record, ACCOUNT).map((ref) => [ref.resourceType, ref.lookupId]);
}

describe('EC2 CreateTags and DeleteTags: each named resource is re-described as its own type', () => {
  const resourcesSet = {
    items: [
      { resourceId: 'i-0a4f3c2b1d0e9f871' },
      { resourceId: 'sg-0f1e2d3c4b5a69788' },
      { resourceId: 'vol-0d2c4e6f8a0b1c3d5' },
      { resourceId: 'vpc-0f1e2d3c4b5a69788' },
      { resourceId: 'fl-0a1b2c3d4e5f60718' },
      { resourceId: 'subnet-0123456789abcdef0' },
      { resourceId: 'acl-0e9d8c7b6a5f40312' },
      // Types Vigil does not describe, and ids that only look like a VPC's.
      { resourceId: 'vpce-0123456789abcdef0' },
      { resourceId: 'rtb-0123456789abcdef0' },
      { resourceId: 'ami-12c6146b' },
    ],
  };

  it.each(['CreateTags', 'DeleteTags'])('%s', (eventName) => {
    expect(
      touched(eventName, { resourcesSet, tagSet: { items: [{ key: 'owner', value: 'platform' }] } }).sort(),
    ).toEqual(
      [
        ['AWS::EC2::FlowLog', 'fl-0a1b2c3d4e5f60718'],
        ['AWS::EC2::Instance', 'i-0a4f3c2b1d0e9f871'],
        ['AWS::EC2::NetworkAcl', 'acl-0e9d8c7b6a5f40312'],
        ['AWS::EC2::Subnet', 'subnet-0123456789abcdef0'],
        ['AWS::EC2::SecurityGroup', 'sg-0f1e2d3c4b5a69788'],
        ['AWS::EC2::VPC', 'vpc-0f1e2d3c4b5a69788'],
        ['AWS::EC2::Volume', 'vol-0d2c4e6f8a0b1c3d5'],
      ].sort(),
    );
  });

  it('a tag call on resources Vigil does not describe touches nothing', () => {
    expect(touched('CreateTags', { resourcesSet: { items: [{ resourceId: 'ami-12c6146b' }] } })).toEqual([]);
  });
});

describe('EC2 calls CloudTrail logs in the wrapped shape of newer APIs', () => {
  it('ModifyInstanceMetadataOptions names the instance in ModifyInstanceMetadataOptionsRequest.InstanceId', () => {
    expect(
      touched('ModifyInstanceMetadataOptions', {
        ModifyInstanceMetadataOptionsRequest: { HttpTokens: 'required', InstanceId: 'i-abcd' },
      }),
    ).toEqual([['AWS::EC2::Instance', 'i-abcd']]);
  });

  it('ModifySecurityGroupRules names the group in ModifySecurityGroupRulesRequest.GroupId', () => {
    expect(
      touched('ModifySecurityGroupRules', {
        ModifySecurityGroupRulesRequest: {
          GroupId: 'sg-0123',
          SecurityGroupRule: {
            SecurityGroupRuleId: 'sgr-1',
            SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' },
          },
        },
      }),
    ).toEqual([['AWS::EC2::SecurityGroup', 'sg-0123']]);
  });
});
