import {
  type DBInstance,
  DescribeDBInstancesCommand,
  paginateDescribeDBInstances,
  type RDSClient,
} from '@aws-sdk/client-rds';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { configObject, deletedItem, describedItem, errorNameOf, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';

/**
 * An `AWS::RDS::DBInstance` item. As in AWS Config, the resource id is the `DbiResourceId` (`db-…`) and
 * the resource name the instance identifier; a deleted instance keeps `ref.resourceId` when the event
 * named it, otherwise the identifier.
 */
export async function describeDbInstance(client: RDSClient, ref: ResourceRef): Promise<ConfigurationItem> {
  let instance: DBInstance | undefined;
  try {
    const response = await client.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: ref.lookupId }),
    );
    instance = response.DBInstances?.[0];
  } catch (error) {
    if (errorNameOf(error) === 'DBInstanceNotFoundFault' || errorNameOf(error) === 'DBInstanceNotFound') {
      return deletedItem(ref, ref.resourceId ?? ref.lookupId);
    }
    throw error;
  }
  if (instance === undefined) return deletedItem(ref, ref.resourceId ?? ref.lookupId);
  return describedItem(ref, {
    resourceId: instance.DbiResourceId ?? ref.lookupId,
    resourceName: instance.DBInstanceIdentifier ?? ref.lookupId,
    ...(instance.DBInstanceArn === undefined ? {} : { arn: instance.DBInstanceArn }),
    configuration: configObject(instance),
    tags: tagMap(instance.TagList),
  });
}

/** Every DB instance of the region. */
export async function listDbInstances(
  client: RDSClient,
  base: Omit<ResourceRef, 'lookupId' | 'resourceType'>,
): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeDBInstances({ client }, {})) {
    for (const instance of page.DBInstances ?? []) {
      if (instance.DBInstanceIdentifier) {
        refs.push({ ...base, resourceType: 'AWS::RDS::DBInstance', lookupId: instance.DBInstanceIdentifier });
      }
    }
  }
  return refs;
}
