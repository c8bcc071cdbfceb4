import { DB_CLUSTER_TYPE, type DbClusterConfiguration, dbClusterName } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * RDS DB clusters apply minor engine versions automatically (`autoMinorVersionUpgrade` true). RDS
 * reports the setting for Multi-AZ DB clusters and Aurora clusters; a cluster without it (DocumentDB and
 * Neptune clusters the RDS API lists, or an item that did not record it) is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-cluster-auto-minor-version-upgrade-enable.html
 */
export const rdsClusterAutoMinorVersionUpgradeEnable = {
  id: 'rds-cluster-auto-minor-version-upgrade-enable',
  title: 'RDS DB clusters apply minor engine upgrades automatically',
  resourceTypes: [DB_CLUSTER_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Minor engine versions carry security fixes; a cluster that never takes them keeps known vulnerabilities open.',
  remediationAdvice:
    'Enable it: `aws rds modify-db-cluster --db-cluster-identifier <id> --auto-minor-version-upgrade --apply-immediately`.',
  evaluate(item) {
    const name = dbClusterName(item);
    const upgrade = item.configuration?.autoMinorVersionUpgrade;
    if (typeof upgrade !== 'boolean') {
      return notApplicable(`DB cluster ${name} autoMinorVersionUpgrade was not recorded.`);
    }
    return upgrade
      ? compliant(`DB cluster ${name} applies minor engine upgrades automatically.`)
      : nonCompliant(`DB cluster ${name} does not apply minor engine upgrades automatically.`);
  },
} as const satisfies Rule<Record<string, never>, DbClusterConfiguration>;
