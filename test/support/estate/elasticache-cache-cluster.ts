import { CreateCacheClusterCommand, type CreateCacheClusterCommandInput } from '@aws-sdk/client-elasticache';
import { logged } from './logged';
import type { PairSeeder } from './pair';

/**
 * A standalone single-node Redis OSS cluster without automatic backups or minor version upgrades beside a
 * twin keeping 16 days of backups (above AWS's default minimum of 15) and taking minor upgrades.
 */
export const ELASTICACHE_CACHE_CLUSTER_SEEDER: PairSeeder = {
  resourceType: 'AWS::ElastiCache::CacheCluster',
  async seed(clients, { suffix }) {
    const elasticache = await clients.client('elasticache');
    const inputs: CreateCacheClusterCommandInput[] = [
      {
        CacheClusterId: `vigil-cc-open-${suffix}`.slice(0, 40),
        Engine: 'redis',
        CacheNodeType: 'cache.t4g.micro',
        NumCacheNodes: 1,
        SnapshotRetentionLimit: 0,
        AutoMinorVersionUpgrade: false,
      },
      {
        CacheClusterId: `vigil-cc-closed-${suffix}`.slice(0, 40),
        Engine: 'redis',
        CacheNodeType: 'cache.r7g.large',
        NumCacheNodes: 1,
        SnapshotRetentionLimit: 16,
        SnapshotWindow: '03:30-04:30',
        AutoMinorVersionUpgrade: true,
      },
    ];
    const ids: string[] = [];
    const events = [];
    for (const input of inputs) {
      const cluster = (await elasticache.send(new CreateCacheClusterCommand(input))).CacheCluster;
      ids.push(cluster?.CacheClusterId ?? '');
      events.push({
        eventSource: 'elasticache.amazonaws.com',
        eventName: 'CreateCacheCluster',
        requestParameters: logged({
          cacheClusterId: input.CacheClusterId,
          engine: input.Engine,
          cacheNodeType: input.CacheNodeType,
          numCacheNodes: input.NumCacheNodes,
          snapshotRetentionLimit: input.SnapshotRetentionLimit,
          snapshotWindow: input.SnapshotWindow,
          autoMinorVersionUpgrade: input.AutoMinorVersionUpgrade,
        }),
        responseElements: logged({
          cacheClusterId: cluster?.CacheClusterId,
          cacheClusterStatus: 'creating',
          engine: input.Engine,
          aRN: cluster?.ARN,
        }),
      });
    }
    return {
      misconfigured: { resourceType: 'AWS::ElastiCache::CacheCluster', resourceId: ids[0] ?? '' },
      compliant: { resourceType: 'AWS::ElastiCache::CacheCluster', resourceId: ids[1] ?? '' },
      failingRules: [
        'elasticache-redis-cluster-automatic-backup-check',
        'elasticache-auto-minor-version-upgrade-check',
      ],
      events,
      motoGaps: [
        'moto does not implement ModifyCacheCluster, and leaves AutoMinorVersionUpgrade out of a cluster created ' +
          'without it (AWS defaults it to true); the seeder sets it explicitly and the modify mapping is ' +
          'unit-tested on the CloudTrail record shape.',
        'moto names the not-found error CacheClusterNotFound; the describer accepts it beside the SDK name ' +
          'CacheClusterNotFoundFault.',
      ],
    };
  },
};
