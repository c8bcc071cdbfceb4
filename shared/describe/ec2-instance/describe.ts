import {
  DescribeInstancesCommand,
  type EC2Client,
  type Instance,
  paginateDescribeInstances,
} from '@aws-sdk/client-ec2';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { configObject, deletedItem, describedItem, errorNameOf, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';

const NOT_FOUND: readonly string[] = ['InvalidInstanceID.NotFound', 'InvalidInstanceID.Malformed'];

/** An `AWS::EC2::Instance` item (DescribeInstances in Config's camelCase). */
export async function describeInstance(client: EC2Client, ref: ResourceRef): Promise<ConfigurationItem> {
  let instance: Instance | undefined;
  try {
    const response = await client.send(new DescribeInstancesCommand({ InstanceIds: [ref.lookupId] }));
    instance = response.Reservations?.[0]?.Instances?.[0];
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref);
    throw error;
  }
  if (instance === undefined) return deletedItem(ref);
  const instanceId = instance.InstanceId ?? ref.lookupId;
  return describedItem(ref, {
    resourceId: instanceId,
    arn: `arn:aws:ec2:${ref.region}:${ref.accountId}:instance/${instanceId}`,
    configuration: configObject(instance),
    tags: tagMap(instance.Tags),
  });
}

/** Every instance of the region that is not terminated. */
export async function listInstances(
  client: EC2Client,
  base: Omit<ResourceRef, 'lookupId' | 'resourceType'>,
): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeInstances({ client }, {})) {
    for (const reservation of page.Reservations ?? []) {
      for (const instance of reservation.Instances ?? []) {
        if (instance.InstanceId && instance.State?.Name !== 'terminated') {
          refs.push({ ...base, resourceType: 'AWS::EC2::Instance', lookupId: instance.InstanceId });
        }
      }
    }
  }
  return refs;
}
