import type { ConfigurationItem } from '#shared/config-item/configuration-item';

/** AWS Config resource type of an ElastiCache replication group (Redis OSS / Valkey, one or more shards). */
export const ELASTICACHE_REPLICATION_GROUP_TYPE = 'AWS::ElastiCache::ReplicationGroup';

/** AWS Config resource type of an ElastiCache cache cluster (a Memcached cluster, or one Redis OSS / Valkey node). */
export const ELASTICACHE_CACHE_CLUSTER_TYPE = 'AWS::ElastiCache::CacheCluster';

/**
 * The parts of an `AWS::ElastiCache::ReplicationGroup` item Vigil's rules read: DescribeReplicationGroups'
 * fields in Java bean naming (`replicationGroupId`, `atRestEncryptionEnabled`, `automaticFailover`,
 * `arn`), as Vigil's describer writes them. `automaticFailover` and `multiAZ` are the API's
 * `enabled` / `disabled` / `enabling` / `disabling` strings, not booleans.
 */
export type ReplicationGroupConfiguration = {
  readonly replicationGroupId?: string;
  readonly status?: string;
  readonly engine?: string;
  readonly memberClusters?: readonly string[];
  readonly automaticFailover?: string;
  readonly multiAZ?: string;
  readonly snapshotRetentionLimit?: number;
  readonly snapshottingClusterId?: string;
  readonly clusterEnabled?: boolean;
  readonly authTokenEnabled?: boolean;
  readonly transitEncryptionEnabled?: boolean;
  readonly transitEncryptionMode?: string;
  readonly atRestEncryptionEnabled?: boolean;
  readonly kmsKeyId?: string;
  readonly userGroupIds?: readonly string[];
};

/** The parts of an `AWS::ElastiCache::CacheCluster` item Vigil's rules read (DescribeCacheClusters in bean naming). */
export type CacheClusterConfiguration = {
  readonly cacheClusterId?: string;
  readonly cacheClusterStatus?: string;
  readonly engine?: string;
  readonly engineVersion?: string;
  readonly replicationGroupId?: string;
  readonly autoMinorVersionUpgrade?: boolean;
  readonly snapshotRetentionLimit?: number;
  readonly transitEncryptionEnabled?: boolean;
  readonly atRestEncryptionEnabled?: boolean;
  readonly authTokenEnabled?: boolean;
};

/**
 * A field of an ElastiCache item read in Vigil's bean naming (`atRestEncryptionEnabled`) or, for items
 * recorded in CloudFormation-style naming, its capitalised form (`AtRestEncryptionEnabled`).
 */
export function elastiCacheField(
  configuration: Readonly<Record<string, unknown>> | null,
  name: string,
): unknown {
  if (configuration === null) return undefined;
  const camel = configuration[name];
  return camel !== undefined ? camel : configuration[name.charAt(0).toUpperCase() + name.slice(1)];
}

/** The replication group's id as people know it, falling back to the item's name or Config resource id. */
export function replicationGroupName(item: ConfigurationItem<ReplicationGroupConfiguration>): string {
  const id = elastiCacheField(item.configuration, 'replicationGroupId');
  return typeof id === 'string' && id !== '' ? id : (item.resourceName ?? item.resourceId);
}

/** The cache cluster's id as people know it, falling back to the item's name or Config resource id. */
export function cacheClusterName(item: ConfigurationItem<CacheClusterConfiguration>): string {
  const id = elastiCacheField(item.configuration, 'cacheClusterId');
  return typeof id === 'string' && id !== '' ? id : (item.resourceName ?? item.resourceId);
}

/** True for the engines with backups, replication and AUTH (Redis OSS and Valkey), false for Memcached. */
export function isRedisCompatibleEngine(engine: string): boolean {
  const name = engine.toLowerCase();
  return name === 'redis' || name === 'valkey';
}
