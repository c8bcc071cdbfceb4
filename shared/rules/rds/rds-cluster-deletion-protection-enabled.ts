import { DB_CLUSTER_TYPE, type DbClusterConfiguration, dbClusterName } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * RDS DB clusters (Aurora, Multi-AZ DB clusters, and the DocumentDB and Neptune clusters the RDS API
 * lists) have deletion protection enabled. A cluster without `deletionProtection`, which
 * DescribeDBClusters and Config always give, is NOT_APPLICABLE: never a failure from data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-cluster-deletion-protection-enabled.html
 */
export const rdsClusterDeletionProtectionEnabled = {
  id: 'rds-cluster-deletion-protection-enabled',
  title: 'RDS DB clusters have deletion protection enabled',
  resourceTypes: [DB_CLUSTER_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Deletion protection stops a mistaken or malicious API call from destroying a production database cluster and all its instances.',
  remediationAdvice:
    'Enable it: `aws rds modify-db-cluster --db-cluster-identifier <id> --deletion-protection --apply-immediately`.',
  evaluate(item) {
    const name = dbClusterName(item);
    const protection = item.configuration?.deletionProtection;
    if (typeof protection !== 'boolean') {
      return notApplicable(`DB cluster ${name} deletionProtection was not recorded.`);
    }
    return protection
      ? compliant(`DB cluster ${name} has deletion protection enabled.`)
      : nonCompliant(`DB cluster ${name} does not have deletion protection enabled.`);
  },
} as const satisfies Rule<Record<string, never>, DbClusterConfiguration>;
