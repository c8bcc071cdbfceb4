import {
  DescribeNetworkAclsCommand,
  type EC2Client,
  type NetworkAcl,
  paginateDescribeNetworkAcls,
} from '@aws-sdk/client-ec2';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { NETWORK_ACL_TYPE } from '#shared/resources/ec2';
import { partitionOfRegion } from '#shared/resources/s3';
import { configObject, deletedItem, describedItem, errorNameOf, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

/**
 * EC2's answers for an ACL that does not exist. moto answers `InvalidRouteTableID.NotFound` instead (its
 * network-ACL lookup reuses the route-table error); EC2 never sends that for DescribeNetworkAcls.
 */
const NOT_FOUND: readonly string[] = [
  'InvalidNetworkAclID.NotFound',
  'InvalidNetworkAclID.Malformed',
  'InvalidRouteTableID.NotFound',
];

/**
 * An `AWS::EC2::NetworkAcl` item (DescribeNetworkAcls in Config's camelCase: `entries` with `ruleNumber`,
 * `protocol`, `ruleAction`, `egress`, `cidrBlock`/`ipv6CidrBlock`, `portRange`; `associations` with their
 * `subnetId`), named by its `Name` tag as Config names it. One call, for the one ACL asked for.
 */
export async function describeNetworkAcl(client: EC2Client, ref: ResourceRef): Promise<ConfigurationItem> {
  let acl: NetworkAcl | undefined;
  try {
    const response = await client.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [ref.lookupId] }));
    acl = response.NetworkAcls?.[0];
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref);
    throw error;
  }
  if (acl === undefined) return deletedItem(ref);
  const aclId = acl.NetworkAclId ?? ref.lookupId;
  const tags = tagMap(acl.Tags);
  const name = tags.Name;
  const owner = acl.OwnerId ?? ref.accountId;
  return describedItem(ref, {
    resourceId: aclId,
    ...(name === undefined || name === '' ? {} : { resourceName: name }),
    arn: `arn:${partitionOfRegion(ref.region)}:ec2:${ref.region}:${owner}:network-acl/${aclId}`,
    configuration: configObject(acl),
    tags,
  });
}

/** Every network ACL of the region the account owns (ACLs of VPCs shared with it are their owner's). */
export async function listNetworkAcls(client: EC2Client, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeNetworkAcls({ client }, {})) {
    for (const acl of page.NetworkAcls ?? []) {
      if (!acl.NetworkAclId || (acl.OwnerId !== undefined && acl.OwnerId !== base.accountId)) continue;
      refs.push({ ...base, resourceType: NETWORK_ACL_TYPE, lookupId: acl.NetworkAclId });
    }
  }
  return refs;
}
