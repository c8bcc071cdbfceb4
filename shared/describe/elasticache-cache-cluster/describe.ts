import {
  type CacheCluster,
  DescribeCacheClustersCommand,
  type ElastiCacheClient,
  paginateDescribeCacheClusters,
} from '@aws-sdk/client-elasticache';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { ELASTICACHE_CACHE_CLUSTER_TYPE } from '#shared/resources/elasticache';
import { beanObject } from '../bean-shape';
import { deletedItem, describedItem, errorNameOf } from '../config-shape';
import type { ResourceRef } from '../describer';
import { elastiCacheArnId, elastiCacheTags } from '../elasticache-tags';
import type { RefBase } from '../resource-type';

/** The SDK's name for ElastiCache's `CacheClusterNotFound` error code, and the bare code. */
const NOT_FOUND = ['CacheClusterNotFoundFault', 'CacheClusterNotFound'];

/**
 * An `AWS::ElastiCache::CacheCluster` item: DescribeCacheClusters' cluster (without node details) in Java
 * bean naming (`cacheClusterId`, `autoMinorVersionUpgrade`, `snapshotRetentionLimit`, `replicationGroupId`,
 * `arn`), keyed and named by the cluster id, tags from ListTagsForResource (left empty when they may not be
 * read). A cluster ElastiCache no longer knows is deleted.
 */
export async function describeCacheCluster(
  client: ElastiCacheClient,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  const id = elastiCacheArnId(ref.lookupId, 'cluster') ?? ref.lookupId;
  let cluster: CacheCluster | undefined;
  try {
    const response = await client.send(
      new DescribeCacheClustersCommand({ CacheClusterId: id, ShowCacheNodeInfo: false }),
    );
    cluster = response.CacheClusters?.[0];
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref, id);
    throw error;
  }
  if (cluster?.CacheClusterId === undefined) return deletedItem(ref, id);
  const arn = cluster.ARN;
  return describedItem(ref, {
    resourceId: cluster.CacheClusterId,
    resourceName: cluster.CacheClusterId,
    ...(arn === undefined ? {} : { arn }),
    configuration: beanObject(cluster, 'iso'),
    tags: await elastiCacheTags(client, arn),
  });
}

/** Every cache cluster of the region, replication group members included. */
export async function listCacheClusters(client: ElastiCacheClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeCacheClusters({ client }, { ShowCacheNodeInfo: false })) {
    for (const cluster of page.CacheClusters ?? []) {
      if (cluster.CacheClusterId) {
        refs.push({
          ...base,
          resourceType: ELASTICACHE_CACHE_CLUSTER_TYPE,
          lookupId: cluster.CacheClusterId,
        });
      }
    }
  }
  return refs;
}
