import {
  type CacheClusterConfiguration,
  cacheClusterName,
  ELASTICACHE_CACHE_CLUSTER_TYPE,
  elastiCacheField,
  isRedisCompatibleEngine,
} from '#shared/resources/elasticache';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * ElastiCache cache clusters running Redis OSS or Valkey take minor engine upgrades automatically
 * (`autoMinorVersionUpgrade` true). The page fails only those engines, so Memcached clusters are
 * NOT_APPLICABLE, as is a cluster whose engine or setting was not recorded.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/elasticache-auto-minor-version-upgrade-check.html
 */
export const elasticacheAutoMinorVersionUpgradeCheck = {
  id: 'elasticache-auto-minor-version-upgrade-check',
  title: 'ElastiCache Redis OSS and Valkey clusters take minor engine upgrades automatically',
  resourceTypes: [ELASTICACHE_CACHE_CLUSTER_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {},
  rationale:
    'Minor engine versions carry security fixes; with automatic upgrades they are applied in the maintenance window instead of waiting for someone to schedule them.',
  remediationAdvice:
    'Turn it on for the group (`aws elasticache modify-replication-group --replication-group-id <id> --auto-minor-version-upgrade --apply-immediately`) or a standalone node (`modify-cache-cluster --cache-cluster-id <id> --auto-minor-version-upgrade`).',
  evaluate(item) {
    const name = cacheClusterName(item);
    const engine = elastiCacheField(item.configuration, 'engine');
    if (typeof engine !== 'string' || engine === '')
      return notApplicable(`Cache cluster ${name} engine was not recorded.`);
    if (!isRedisCompatibleEngine(engine))
      return notApplicable(
        `Cache cluster ${name} runs ${engine}; the rule judges Redis OSS and Valkey clusters.`,
      );
    const upgrade = elastiCacheField(item.configuration, 'autoMinorVersionUpgrade');
    if (typeof upgrade !== 'boolean')
      return notApplicable(`Cache cluster ${name} autoMinorVersionUpgrade was not recorded.`);
    return upgrade
      ? compliant(`Cache cluster ${name} takes minor engine upgrades automatically.`)
      : nonCompliant(`Cache cluster ${name} does not take minor engine upgrades automatically.`);
  },
} as const satisfies Rule<Record<string, never>, CacheClusterConfiguration>;
