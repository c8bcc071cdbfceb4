import { ELASTICACHE_CACHE_CLUSTER_TYPE } from '#shared/resources/elasticache';
import { elastiCacheArnId } from '../elasticache-tags';
import { type DescribableType, sameExtractor, stringAt } from '../resource-type';

/**
 * ElastiCache cache clusters (Memcached clusters and single Redis OSS / Valkey nodes, standalone or members of
 * a replication group) with their engine, snapshot retention and minor version upgrade setting. The
 * replication group calls re-describe their member clusters (see the replication group type).
 */
export const ELASTICACHE_CACHE_CLUSTER: DescribableType = {
  resourceType: ELASTICACHE_CACHE_CLUSTER_TYPE,
  services: ['elasticache'],
  permissions: [
    {
      actions: ['elasticache:DescribeCacheClusters', 'elasticache:ListTagsForResource'],
      resources: ['arn:{partition}:elasticache:{region}:{account}:cluster:*'],
      reason:
        'Vigil judges every ElastiCache cache cluster of this account and region by its settings and tags; no cache data is read.',
    },
  ],
  cloudTrail: {
    'elasticache.amazonaws.com': {
      ...sameExtractor(['CreateCacheCluster', 'ModifyCacheCluster', 'DeleteCacheCluster'], (record) => [
        [
          ELASTICACHE_CACHE_CLUSTER_TYPE,
          stringAt(record.requestParameters, 'cacheClusterId') ??
            stringAt(record.responseElements, 'cacheClusterId'),
        ],
      ]),
      ...sameExtractor(['AddTagsToResource', 'RemoveTagsFromResource'], (record) => {
        const id = elastiCacheArnId(stringAt(record.requestParameters, 'resourceName'), 'cluster');
        return id === undefined ? [] : [[ELASTICACHE_CACHE_CLUSTER_TYPE, id]];
      }),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeCacheCluster(await clients.client('elasticache'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listCacheClusters(await clients.client('elasticache'), base),
};
