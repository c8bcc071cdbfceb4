import {
  DescribeSubnetsCommand,
  type EC2Client,
  paginateDescribeSubnets,
  type Subnet,
} from '@aws-sdk/client-ec2';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { SUBNET_TYPE } from '#shared/resources/ec2';
import { partitionOfRegion } from '#shared/resources/s3';
import { configObject, deletedItem, describedItem, errorNameOf, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

const NOT_FOUND: readonly string[] = ['InvalidSubnetID.NotFound', 'InvalidSubnetID.Malformed'];

/**
 * An `AWS::EC2::Subnet` item (DescribeSubnets in Config's camelCase: `mapPublicIpOnLaunch`, `vpcId`,
 * `cidrBlock`, `availabilityZone`, `defaultForAz`), named by its `Name` tag. One call, for the one subnet.
 */
export async function describeSubnet(client: EC2Client, ref: ResourceRef): Promise<ConfigurationItem> {
  let subnet: Subnet | undefined;
  try {
    const response = await client.send(new DescribeSubnetsCommand({ SubnetIds: [ref.lookupId] }));
    subnet = response.Subnets?.[0];
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref);
    throw error;
  }
  if (subnet === undefined) return deletedItem(ref);
  const subnetId = subnet.SubnetId ?? ref.lookupId;
  const tags = tagMap(subnet.Tags);
  const name = tags.Name;
  return describedItem(ref, {
    resourceId: subnetId,
    ...(name === undefined || name === '' ? {} : { resourceName: name }),
    arn:
      subnet.SubnetArn ??
      `arn:${partitionOfRegion(ref.region)}:ec2:${ref.region}:${subnet.OwnerId ?? ref.accountId}:subnet/${subnetId}`,
    configuration: configObject(subnet),
    tags,
  });
}

/** Every subnet of the region the account owns (subnets shared with it through RAM are their owner's). */
export async function listSubnets(client: EC2Client, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeSubnets({ client }, {})) {
    for (const subnet of page.Subnets ?? []) {
      if (!subnet.SubnetId || (subnet.OwnerId !== undefined && subnet.OwnerId !== base.accountId)) continue;
      refs.push({ ...base, resourceType: SUBNET_TYPE, lookupId: subnet.SubnetId });
    }
  }
  return refs;
}
