import {
  DescribeInternetGatewaysCommand,
  type EC2Client,
  type InternetGateway,
  paginateDescribeInternetGateways,
} from '@aws-sdk/client-ec2';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { INTERNET_GATEWAY_TYPE } from '#shared/resources/ec2';
import { partitionOfRegion } from '#shared/resources/s3';
import { configObject, deletedItem, describedItem, errorNameOf, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

const NOT_FOUND: readonly string[] = [
  'InvalidInternetGatewayID.NotFound',
  'InvalidInternetGatewayID.Malformed',
];

/**
 * An `AWS::EC2::InternetGateway` item (DescribeInternetGateways in Config's camelCase: `internetGatewayId`,
 * `attachments[].vpcId/state`), named by its `Name` tag. One call, for the one gateway asked for.
 */
export async function describeInternetGateway(
  client: EC2Client,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  let gateway: InternetGateway | undefined;
  try {
    const response = await client.send(
      new DescribeInternetGatewaysCommand({ InternetGatewayIds: [ref.lookupId] }),
    );
    gateway = response.InternetGateways?.[0];
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref);
    throw error;
  }
  if (gateway === undefined) return deletedItem(ref);
  const gatewayId = gateway.InternetGatewayId ?? ref.lookupId;
  const tags = tagMap(gateway.Tags);
  const name = tags.Name;
  return describedItem(ref, {
    resourceId: gatewayId,
    ...(name === undefined || name === '' ? {} : { resourceName: name }),
    arn: `arn:${partitionOfRegion(ref.region)}:ec2:${ref.region}:${gateway.OwnerId ?? ref.accountId}:internet-gateway/${gatewayId}`,
    configuration: configObject(gateway),
    tags,
  });
}

/** Every internet gateway of the region the account owns. */
export async function listInternetGateways(client: EC2Client, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeInternetGateways({ client }, {})) {
    for (const gateway of page.InternetGateways ?? []) {
      if (
        !gateway.InternetGatewayId ||
        (gateway.OwnerId !== undefined && gateway.OwnerId !== base.accountId)
      ) {
        continue;
      }
      refs.push({ ...base, resourceType: INTERNET_GATEWAY_TYPE, lookupId: gateway.InternetGatewayId });
    }
  }
  return refs;
}
