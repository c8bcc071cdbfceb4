import {
  ELASTICACHE_CACHE_CLUSTER_TYPE,
  ELASTICACHE_REPLICATION_GROUP_TYPE,
} from '#shared/resources/elasticache';
import { elastiCacheArnId } from '../elasticache-tags';
import {
  type CloudTrailExtractor,
  type DescribableType,
  sameExtractor,
  stringAt,
  type TouchedResource,
} from '../resource-type';

/**
 * The replication group a call names, and its member cache clusters as the response lists them
 * (`memberClusters`): snapshot retention, minor version upgrades and encryption are set on the group and
 * apply to every member, which the cache cluster rules judge.
 */
const groupAndMembers: CloudTrailExtractor = (record) => {
  const members = record.responseElements?.memberClusters;
  const memberRefs: TouchedResource[] = (Array.isArray(members) ? members : []).flatMap((member) =>
    typeof member === 'string' && member !== '' ? [[ELASTICACHE_CACHE_CLUSTER_TYPE, member] as const] : [],
  );
  return [
    [
      ELASTICACHE_REPLICATION_GROUP_TYPE,
      stringAt(record.requestParameters, 'replicationGroupId') ??
        stringAt(record.responseElements, 'replicationGroupId'),
    ],
    ...memberRefs,
  ];
};

/** ElastiCache replication groups with their encryption, failover, snapshot retention and AUTH settings. */
export const ELASTICACHE_REPLICATION_GROUP: DescribableType = {
  resourceType: ELASTICACHE_REPLICATION_GROUP_TYPE,
  services: ['elasticache'],
  permissions: [
    {
      actions: ['elasticache:DescribeReplicationGroups', 'elasticache:ListTagsForResource'],
      resources: ['arn:{partition}:elasticache:{region}:{account}:replicationgroup:*'],
      reason:
        'Vigil judges every ElastiCache replication group of this account and region by its settings and tags; no cache data is read.',
    },
  ],
  cloudTrail: {
    'elasticache.amazonaws.com': {
      ...sameExtractor(
        [
          'CreateReplicationGroup',
          'ModifyReplicationGroup',
          'DeleteReplicationGroup',
          'ModifyReplicationGroupShardConfiguration',
          'IncreaseReplicaCount',
          'DecreaseReplicaCount',
        ],
        groupAndMembers,
      ),
      ...sameExtractor(['AddTagsToResource', 'RemoveTagsFromResource'], (record) => {
        const id = elastiCacheArnId(stringAt(record.requestParameters, 'resourceName'), 'replicationgroup');
        return id === undefined ? [] : [[ELASTICACHE_REPLICATION_GROUP_TYPE, id]];
      }),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeReplicationGroup(await clients.client('elasticache'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listReplicationGroups(await clients.client('elasticache'), base),
};
