import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import {
  type CacheClusterConfiguration,
  cacheClusterName,
  ELASTICACHE_CACHE_CLUSTER_TYPE,
  ELASTICACHE_REPLICATION_GROUP_TYPE,
  elastiCacheField,
  isRedisCompatibleEngine,
  type ReplicationGroupConfiguration,
  replicationGroupName,
} from '#shared/resources/elasticache';
import { compliant, nonCompliant, notApplicable, type Rule, type RuleVerdict } from '#shared/rules/rule';

type Parameters = { snapshotRetentionPeriod: number };

/** Judges a recorded `snapshotRetentionLimit` against the minimum. */
function judgeRetention(subject: string, limit: unknown, minimum: number): RuleVerdict {
  if (typeof limit !== 'number') return notApplicable(`${subject} snapshotRetentionLimit was not recorded.`);
  if (limit === 0) return nonCompliant(`${subject} has automatic backups turned off (retention 0 days).`);
  return limit < minimum
    ? nonCompliant(
        `${subject} keeps automatic backups for ${limit} day${limit === 1 ? '' : 's'}, below the minimum of ${minimum}.`,
      )
    : compliant(`${subject} keeps automatic backups for ${limit} days (minimum ${minimum}).`);
}

/**
 * ElastiCache Redis OSS (and Valkey) replication groups and standalone cache clusters keep automatic backups
 * for at least `snapshotRetentionPeriod` days (AWS's default 15): NON_COMPLIANT when `snapshotRetentionLimit`
 * is below it (0 means backups are off). The page's rule sentence ("less than") is followed where its example
 * ("between 0-15") would also fail a limit equal to the parameter. Memcached clusters, which have no
 * backups, are NOT_APPLICABLE, as is an item whose engine or limit was not recorded.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/elasticache-redis-cluster-automatic-backup-check.html
 */
export const elasticacheRedisClusterAutomaticBackupCheck = {
  id: 'elasticache-redis-cluster-automatic-backup-check',
  title: 'ElastiCache Redis OSS clusters keep automatic backups for the minimum retention period',
  resourceTypes: [ELASTICACHE_REPLICATION_GROUP_TYPE, ELASTICACHE_CACHE_CLUSTER_TYPE],
  severity: 'medium',
  managedRule: true,
  deviation:
    'AWS\'s page judges every Redis cache cluster ("The rule is NON_COMPLIANT if the SnapshotRetentionLimit for Redis cluster is less than the SnapshotRetentionPeriod parameter"); Vigil judges the members of a replication group through their group, whose snapshot settings they follow, and reports the member clusters NOT_APPLICABLE so that one setting is not flagged once per node.',
  parameters: {
    snapshotRetentionPeriod: {
      type: 'number',
      default: 15,
      description: 'Minimum days automatic backups are kept (AWS default 15).',
    },
  },
  rationale:
    'Cache data that is also a system of record (sessions, queues, leaderboards) is lost with its nodes unless automatic backups are kept long enough to restore from.',
  remediationAdvice:
    'Set the retention: `aws elasticache modify-replication-group --replication-group-id <id> --snapshot-retention-limit 15 --apply-immediately` (or `modify-cache-cluster --cache-cluster-id <id>` for a standalone node).',
  evaluate(item, { parameters }) {
    const minimum = parameters.snapshotRetentionPeriod;
    const configuration = item.configuration;
    if (item.resourceType === ELASTICACHE_REPLICATION_GROUP_TYPE) {
      const group = item as ConfigurationItem<ReplicationGroupConfiguration>;
      return judgeRetention(
        `Replication group ${replicationGroupName(group)}`,
        elastiCacheField(configuration, 'snapshotRetentionLimit'),
        minimum,
      );
    }
    const name = cacheClusterName(item as ConfigurationItem<CacheClusterConfiguration>);
    const engine = elastiCacheField(configuration, 'engine');
    if (typeof engine !== 'string' || engine === '')
      return notApplicable(`Cache cluster ${name} engine was not recorded.`);
    if (!isRedisCompatibleEngine(engine))
      return notApplicable(`Cache cluster ${name} runs ${engine}, which has no automatic backups.`);
    const group = elastiCacheField(configuration, 'replicationGroupId');
    if (typeof group === 'string' && group !== '') {
      return notApplicable(
        `Cache cluster ${name} is a member of replication group ${group}, which is judged instead.`,
      );
    }
    return judgeRetention(
      `Cache cluster ${name}`,
      elastiCacheField(configuration, 'snapshotRetentionLimit'),
      minimum,
    );
  },
} as const satisfies Rule<Parameters, ReplicationGroupConfiguration & CacheClusterConfiguration>;
