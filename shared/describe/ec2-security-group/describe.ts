import {
  DescribeSecurityGroupsCommand,
  type EC2Client,
  type IpPermission,
  paginateDescribeSecurityGroups,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { configObject, deletedItem, describedItem, errorNameOf, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';

const NOT_FOUND: readonly string[] = ['InvalidGroup.NotFound', 'InvalidGroupId.Malformed'];

/** Config keeps IPv4 sources twice: `ipv4Ranges` objects and bare CIDR strings in `ipRanges`. */
function configPermission(permission: IpPermission): Record<string, unknown> {
  const shaped = configObject(permission);
  const ranges = permission.IpRanges ?? [];
  return {
    ...shaped,
    ipv4Ranges: ranges.map((range) => configObject(range)),
    ipRanges: ranges.flatMap((range) => (range.CidrIp === undefined ? [] : [range.CidrIp])),
    ipv6Ranges: (permission.Ipv6Ranges ?? []).map((range) => configObject(range)),
    prefixListIds: (permission.PrefixListIds ?? []).map((entry) => configObject(entry)),
    userIdGroupPairs: (permission.UserIdGroupPairs ?? []).map((pair) => configObject(pair)),
  };
}

/** An `AWS::EC2::SecurityGroup` item (DescribeSecurityGroups in Config's camelCase). */
export async function describeSecurityGroup(client: EC2Client, ref: ResourceRef): Promise<ConfigurationItem> {
  let group: SecurityGroup | undefined;
  try {
    const response = await client.send(new DescribeSecurityGroupsCommand({ GroupIds: [ref.lookupId] }));
    group = response.SecurityGroups?.[0];
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref);
    throw error;
  }
  if (group === undefined) return deletedItem(ref);
  const groupId = group.GroupId ?? ref.lookupId;
  return describedItem(ref, {
    resourceId: groupId,
    ...(group.GroupName === undefined ? {} : { resourceName: group.GroupName }),
    arn: group.SecurityGroupArn ?? `arn:aws:ec2:${ref.region}:${ref.accountId}:security-group/${groupId}`,
    configuration: {
      ...configObject(group),
      ipPermissions: (group.IpPermissions ?? []).map(configPermission),
      ipPermissionsEgress: (group.IpPermissionsEgress ?? []).map(configPermission),
    },
    tags: tagMap(group.Tags),
  });
}

/** Every security group of the region. */
export async function listSecurityGroups(
  client: EC2Client,
  base: Omit<ResourceRef, 'lookupId' | 'resourceType'>,
): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeSecurityGroups({ client }, {})) {
    for (const group of page.SecurityGroups ?? []) {
      if (group.GroupId)
        refs.push({ ...base, resourceType: 'AWS::EC2::SecurityGroup', lookupId: group.GroupId });
    }
  }
  return refs;
}
