import {
  ELASTICACHE_REPLICATION_GROUP_TYPE,
  elastiCacheField,
  type ReplicationGroupConfiguration,
  replicationGroupName,
} from '#shared/resources/elasticache';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * ElastiCache replication groups have automatic failover enabled: `automaticFailover` is `enabled`;
 * `disabled`, `enabling` and `disabling` are NON_COMPLIANT, as the managed rule fails anything but `enabled`.
 * A group whose `automaticFailover` was not recorded is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/elasticache-repl-grp-auto-failover-enabled.html
 */
export const elasticacheReplGrpAutoFailoverEnabled = {
  id: 'elasticache-repl-grp-auto-failover-enabled',
  title: 'ElastiCache replication groups fail over automatically',
  resourceTypes: [ELASTICACHE_REPLICATION_GROUP_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Without automatic failover, losing the primary node leaves the cache read-only or down until someone promotes a replica by hand.',
  remediationAdvice:
    'Give each shard at least one replica, then `aws elasticache modify-replication-group --replication-group-id <id> --automatic-failover-enabled --multi-az-enabled --apply-immediately`.',
  evaluate(item) {
    const name = replicationGroupName(item);
    const failover = elastiCacheField(item.configuration, 'automaticFailover');
    if (typeof failover !== 'string' || failover === '')
      return notApplicable(`Replication group ${name} automaticFailover was not recorded.`);
    return failover.toLowerCase() === 'enabled'
      ? compliant(`Replication group ${name} has automatic failover enabled.`)
      : nonCompliant(
          `Replication group ${name} has automatic failover ${failover.toLowerCase()}, not enabled.`,
        );
  },
} as const satisfies Rule<Record<string, never>, ReplicationGroupConfiguration>;
