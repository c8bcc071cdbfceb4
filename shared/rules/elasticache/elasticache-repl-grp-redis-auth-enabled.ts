import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import {
  type CacheClusterConfiguration,
  ELASTICACHE_CACHE_CLUSTER_TYPE,
  ELASTICACHE_REPLICATION_GROUP_TYPE,
  elastiCacheField,
  type ReplicationGroupConfiguration,
  replicationGroupName,
} from '#shared/resources/elasticache';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** The group's member cluster ids as recorded, or undefined when not recorded. */
function memberIds(item: ConfigurationItem<ReplicationGroupConfiguration>): readonly string[] | undefined {
  const members = elastiCacheField(item.configuration, 'memberClusters');
  if (!Array.isArray(members)) return undefined;
  return members.filter((member): member is string => typeof member === 'string' && member !== '');
}

/** The major version of a recorded engine version (`5.0.6` → 5), or undefined when unreadable. */
function majorVersion(version: unknown): number | undefined {
  if (typeof version !== 'string') return undefined;
  const major = Number.parseInt(version, 10);
  return Number.isNaN(major) ? undefined : major;
}

/**
 * ElastiCache replication groups whose nodes run Redis OSS below 6 require Redis AUTH (`authTokenEnabled`);
 * Redis OSS 6 and later and Valkey control access with ACLs (user groups) instead, so a group on them passes
 * without a token, as the page says. DescribeReplicationGroups does not give the engine version, so the rule
 * reads it from the group's member cache clusters (`memberClusters`) in the inventory. A group without a token
 * whose `authTokenEnabled`, members or members' versions were not recorded is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/elasticache-repl-grp-redis-auth-enabled.html
 */
export const elasticacheReplGrpRedisAuthEnabled = {
  id: 'elasticache-repl-grp-redis-auth-enabled',
  title: 'ElastiCache replication groups below Redis OSS 6 require Redis AUTH',
  resourceTypes: [ELASTICACHE_REPLICATION_GROUP_TYPE],
  reads: [ELASTICACHE_CACHE_CLUSTER_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {},
  rationale:
    'Without AUTH (or, from Redis OSS 6, ACL users), anyone who reaches the endpoint can read, change or flush the cache.',
  remediationAdvice:
    'Set a token with rotation: `aws elasticache modify-replication-group --replication-group-id <id> --auth-token <token> --auth-token-update-strategy ROTATE --apply-immediately` (needs encryption in transit), or upgrade to Redis OSS 6+ / Valkey and attach an ACL user group.',
  readsOf(item) {
    if (elastiCacheField(item.configuration, 'authTokenEnabled') === true) return [];
    return (memberIds(item) ?? []).map((id) => ({
      resourceType: ELASTICACHE_CACHE_CLUSTER_TYPE,
      resourceId: id,
    }));
  },
  evaluate(item, { inventory }) {
    const name = replicationGroupName(item);
    const auth = elastiCacheField(item.configuration, 'authTokenEnabled');
    if (typeof auth !== 'boolean')
      return notApplicable(`Replication group ${name} authTokenEnabled was not recorded.`);
    if (auth) return compliant(`Replication group ${name} requires Redis AUTH.`);
    const engine = elastiCacheField(item.configuration, 'engine');
    if (typeof engine === 'string' && engine.toLowerCase() === 'valkey') {
      return compliant(
        `Replication group ${name} runs Valkey, which controls access with ACLs, not AUTH tokens.`,
      );
    }
    const members = memberIds(item);
    if (members === undefined || members.length === 0)
      return notApplicable(
        `Replication group ${name} member clusters were not recorded; their Redis version is unknown.`,
      );
    const versions: number[] = [];
    for (const id of members) {
      const member = inventory.find(ELASTICACHE_CACHE_CLUSTER_TYPE, id) as
        | ConfigurationItem<CacheClusterConfiguration>
        | undefined;
      const major = majorVersion(elastiCacheField(member?.configuration ?? null, 'engineVersion'));
      if (major === undefined)
        return notApplicable(
          `Replication group ${name}: the engine version of member cluster ${id} was not recorded.`,
        );
      versions.push(major);
    }
    const oldest = Math.min(...versions);
    return oldest < 6
      ? nonCompliant(`Replication group ${name} runs Redis OSS ${oldest} (below 6) without Redis AUTH.`)
      : compliant(
          `Replication group ${name} runs Redis OSS ${oldest} or later, which controls access with ACLs.`,
        );
  },
} as const satisfies Rule<Record<string, never>, ReplicationGroupConfiguration>;
