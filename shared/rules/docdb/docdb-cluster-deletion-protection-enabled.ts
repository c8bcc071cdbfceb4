import { docDbClusterOrVerdict } from '#shared/resources/docdb';
import { DB_CLUSTER_TYPE, type DbClusterConfiguration } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Amazon DocumentDB clusters have deletion protection enabled (`deletionProtection` true). Clusters of
 * other engines, and a cluster whose `deletionProtection` was not recorded, are NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/docdb-cluster-deletion-protection-enabled.html
 */
export const docdbClusterDeletionProtectionEnabled = {
  id: 'docdb-cluster-deletion-protection-enabled',
  title: 'DocumentDB clusters have deletion protection enabled',
  resourceTypes: [DB_CLUSTER_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Deletion protection stops a mistaken or malicious API call from destroying a DocumentDB cluster, its instances and, unless a final snapshot is taken, its data.',
  remediationAdvice:
    'Enable it: `aws docdb modify-db-cluster --db-cluster-identifier <id> --deletion-protection --apply-immediately`.',
  evaluate(item) {
    const cluster = docDbClusterOrVerdict(item);
    if ('verdict' in cluster) return cluster.verdict;
    const { name } = cluster;
    const protection = item.configuration?.deletionProtection;
    if (typeof protection !== 'boolean')
      return notApplicable(`DocumentDB cluster ${name} deletionProtection was not recorded.`);
    return protection
      ? compliant(`DocumentDB cluster ${name} has deletion protection enabled.`)
      : nonCompliant(`DocumentDB cluster ${name} does not have deletion protection enabled.`);
  },
} as const satisfies Rule<Record<string, never>, DbClusterConfiguration>;
