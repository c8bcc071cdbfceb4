import {
  DescribeReplicationGroupsCommand,
  type ElastiCacheClient,
  paginateDescribeReplicationGroups,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { ELASTICACHE_REPLICATION_GROUP_TYPE } from '#shared/resources/elasticache';
import { beanObject } from '../bean-shape';
import { deletedItem, describedItem, errorNameOf } from '../config-shape';
import type { ResourceRef } from '../describer';
import { elastiCacheArnId, elastiCacheTags } from '../elasticache-tags';
import type { RefBase } from '../resource-type';

/**
 * An `AWS::ElastiCache::ReplicationGroup` item: DescribeReplicationGroups' group in Java bean naming
 * (`replicationGroupId`, `atRestEncryptionEnabled`, `automaticFailover`, `arn`), keyed and named by the
 * group id, tags from ListTagsForResource (left empty when they may not be read). A group ElastiCache no longer
 * knows is deleted; one being deleted is described as it is (status `deleting`).
 */
export async function describeReplicationGroup(
  client: ElastiCacheClient,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  const id = elastiCacheArnId(ref.lookupId, 'replicationgroup') ?? ref.lookupId;
  let group: ReplicationGroup | undefined;
  try {
    const response = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
    group = response.ReplicationGroups?.[0];
  } catch (error) {
    if (errorNameOf(error) === 'ReplicationGroupNotFoundFault') return deletedItem(ref, id);
    throw error;
  }
  if (group?.ReplicationGroupId === undefined) return deletedItem(ref, id);
  const arn = group.ARN;
  return describedItem(ref, {
    resourceId: group.ReplicationGroupId,
    resourceName: group.ReplicationGroupId,
    ...(arn === undefined ? {} : { arn }),
    configuration: beanObject(group, 'iso'),
    tags: await elastiCacheTags(client, arn),
  });
}

/** Every replication group of the region. */
export async function listReplicationGroups(
  client: ElastiCacheClient,
  base: RefBase,
): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeReplicationGroups({ client }, {})) {
    for (const group of page.ReplicationGroups ?? []) {
      if (group.ReplicationGroupId) {
        refs.push({
          ...base,
          resourceType: ELASTICACHE_REPLICATION_GROUP_TYPE,
          lookupId: group.ReplicationGroupId,
        });
      }
    }
  }
  return refs;
}
