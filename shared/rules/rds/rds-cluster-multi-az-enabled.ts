import { DB_CLUSTER_TYPE, type DbClusterConfiguration, dbClusterName } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * RDS DB clusters span several Availability Zones: DescribeDBClusters' `MultiAZ` (Config's `multiAZ`) is
 * true, which for Aurora means the cluster has instances in more than one zone. A cluster without that
 * field is NOT_APPLICABLE: never a failure from data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-cluster-multi-az-enabled.html
 */
export const rdsClusterMultiAzEnabled = {
  id: 'rds-cluster-multi-az-enabled',
  title: 'RDS DB clusters span several Availability Zones',
  resourceTypes: [DB_CLUSTER_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'A cluster whose instances all sit in one Availability Zone goes down with that zone; a replica in another zone takes over in about a minute.',
  remediationAdvice:
    'Add a reader in another Availability Zone: `aws rds create-db-instance --db-cluster-identifier <id> --db-instance-identifier <id>-2 --engine <engine> --db-instance-class <class> --availability-zone <other-az>`.',
  evaluate(item) {
    const name = dbClusterName(item);
    const multiAz = item.configuration?.multiAZ;
    if (typeof multiAz !== 'boolean') return notApplicable(`DB cluster ${name} multiAZ was not recorded.`);
    const members = item.configuration?.dbclusterMembers;
    const count = Array.isArray(members)
      ? ` (${members.length} instance${members.length === 1 ? '' : 's'})`
      : '';
    return multiAz
      ? compliant(`DB cluster ${name} spans several Availability Zones${count}.`)
      : nonCompliant(`DB cluster ${name} runs in a single Availability Zone${count}.`);
  },
} as const satisfies Rule<
  Record<string, never>,
  DbClusterConfiguration & { readonly dbclusterMembers?: unknown }
>;
