import {
  CreateReplicationGroupCommand,
  type CreateReplicationGroupCommandInput,
} from '@aws-sdk/client-elasticache';
import { logged } from './logged';
import type { PairSeeder } from './pair';

/** The customer managed key id the twin is encrypted with (moto does not check that it exists). */
const TWIN_KEY = 'arn:aws:kms:us-east-1:123456789012:key/3f9a1c27-5b8e-4d60-9a2f-6c1e0d7b4a85';

/**
 * A single-node Redis OSS replication group with every default left off (no encryption at rest or in transit,
 * no automatic failover, no snapshots) beside a three-node twin encrypted at rest with a KMS key and in
 * transit, with automatic failover and Multi-AZ on and 21 days of snapshots.
 */
export const ELASTICACHE_REPLICATION_GROUP_SEEDER: PairSeeder = {
  resourceType: 'AWS::ElastiCache::ReplicationGroup',
  async seed(clients, { suffix }) {
    const elasticache = await clients.client('elasticache');
    const inputs: CreateReplicationGroupCommandInput[] = [
      {
        ReplicationGroupId: `vigil-rg-open-${suffix}`.slice(0, 40),
        ReplicationGroupDescription: 'Vigil seeded group, defaults',
        Engine: 'redis',
        CacheNodeType: 'cache.t4g.micro',
        NumCacheClusters: 1,
        AutomaticFailoverEnabled: false,
        AtRestEncryptionEnabled: false,
        TransitEncryptionEnabled: false,
        SnapshotRetentionLimit: 0,
      },
      {
        ReplicationGroupId: `vigil-rg-closed-${suffix}`.slice(0, 40),
        ReplicationGroupDescription: 'Vigil seeded group, hardened',
        Engine: 'redis',
        CacheNodeType: 'cache.r7g.large',
        NumCacheClusters: 3,
        AutomaticFailoverEnabled: true,
        MultiAZEnabled: true,
        AtRestEncryptionEnabled: true,
        KmsKeyId: TWIN_KEY,
        TransitEncryptionEnabled: true,
        SnapshotRetentionLimit: 21,
      },
    ];
    const ids: string[] = [];
    const events = [];
    for (const input of inputs) {
      const group = (await elasticache.send(new CreateReplicationGroupCommand(input))).ReplicationGroup;
      ids.push(group?.ReplicationGroupId ?? '');
      events.push({
        eventSource: 'elasticache.amazonaws.com',
        eventName: 'CreateReplicationGroup',
        requestParameters: logged({
          replicationGroupId: input.ReplicationGroupId,
          replicationGroupDescription: input.ReplicationGroupDescription,
          engine: input.Engine,
          cacheNodeType: input.CacheNodeType,
          numCacheClusters: input.NumCacheClusters,
          automaticFailoverEnabled: input.AutomaticFailoverEnabled,
          multiAZEnabled: input.MultiAZEnabled,
          atRestEncryptionEnabled: input.AtRestEncryptionEnabled,
          kmsKeyId: input.KmsKeyId,
          transitEncryptionEnabled: input.TransitEncryptionEnabled,
          snapshotRetentionLimit: input.SnapshotRetentionLimit,
        }),
        responseElements: logged({
          replicationGroupId: group?.ReplicationGroupId,
          status: 'creating',
          memberClusters: group?.MemberClusters,
          automaticFailover: group?.AutomaticFailover,
          aRN: group?.ARN,
        }),
      });
    }
    return {
      misconfigured: { resourceType: 'AWS::ElastiCache::ReplicationGroup', resourceId: ids[0] ?? '' },
      compliant: { resourceType: 'AWS::ElastiCache::ReplicationGroup', resourceId: ids[1] ?? '' },
      failingRules: [
        'elasticache-repl-grp-encrypted-at-rest',
        'elasticache-repl-grp-encrypted-in-transit',
        'elasticache-repl-grp-auto-failover-enabled',
        'elasticache-redis-cluster-automatic-backup-check',
      ],
      events,
      motoGaps: [
        'moto creates no cache cluster for the members of a replication group (DescribeCacheClusters does not ' +
          'list them), and implements neither ModifyReplicationGroup of encryption nor IncreaseReplicaCount; the ' +
          'member and modify mappings are unit-tested on CloudTrail record shapes.',
        'moto accepts any KmsKeyId without checking that the key exists.',
        'moto creates no member cache clusters, so elasticache-repl-grp-redis-auth-enabled, which reads the ' +
          "members' engine version, finds it unrecorded and is NOT_APPLICABLE on moto for both groups; it is " +
          'proven on fixtures with member clusters in the inventory.',
      ],
    };
  },
};
