import { DescribeVpcsCommand, type EC2Client, paginateDescribeVpcs, type Vpc } from '@aws-sdk/client-ec2';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { VPC_TYPE } from '#shared/resources/ec2';
import { partitionOfRegion } from '#shared/resources/s3';
import { configObject, deletedItem, describedItem, errorNameOf, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

const NOT_FOUND: readonly string[] = ['InvalidVpcID.NotFound', 'InvalidVpcID.Malformed'];

/**
 * An `AWS::EC2::VPC` item (DescribeVpcs in Config's camelCase), named by its `Name` tag as Config names
 * it. Its flow logs are items of their own (`AWS::EC2::FlowLog`), read by the flow-log rules.
 */
export async function describeVpc(client: EC2Client, ref: ResourceRef): Promise<ConfigurationItem> {
  let vpc: Vpc | undefined;
  try {
    const response = await client.send(new DescribeVpcsCommand({ VpcIds: [ref.lookupId] }));
    vpc = response.Vpcs?.[0];
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref);
    throw error;
  }
  if (vpc === undefined) return deletedItem(ref);
  const vpcId = vpc.VpcId ?? ref.lookupId;
  const tags = tagMap(vpc.Tags);
  const name = tags.Name;
  return describedItem(ref, {
    resourceId: vpcId,
    ...(name === undefined || name === '' ? {} : { resourceName: name }),
    arn: `arn:${partitionOfRegion(ref.region)}:ec2:${ref.region}:${vpc.OwnerId ?? ref.accountId}:vpc/${vpcId}`,
    configuration: configObject(vpc),
    tags,
  });
}

/**
 * Every VPC of the region the account owns, the default VPC included. VPCs another account shares with this
 * one (RAM) are left to their owner, who alone can give them a VPC-level flow log.
 */
export async function listVpcs(client: EC2Client, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeVpcs({ client }, {})) {
    for (const vpc of page.Vpcs ?? []) {
      if (!vpc.VpcId || (vpc.OwnerId !== undefined && vpc.OwnerId !== base.accountId)) continue;
      refs.push({ ...base, resourceType: VPC_TYPE, lookupId: vpc.VpcId });
    }
  }
  return refs;
}
