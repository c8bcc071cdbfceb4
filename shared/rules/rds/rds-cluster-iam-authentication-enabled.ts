import { DB_CLUSTER_TYPE, type DbClusterConfiguration, dbClusterName } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * RDS DB clusters accept IAM database authentication (`iamdatabaseAuthenticationEnabled`, as Config
 * spells DescribeDBClusters' `IAMDatabaseAuthenticationEnabled`). A cluster without that field is
 * NOT_APPLICABLE: never a failure from data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-cluster-iam-authentication-enabled.html
 */
export const rdsClusterIamAuthenticationEnabled = {
  id: 'rds-cluster-iam-authentication-enabled',
  title: 'RDS DB clusters have IAM database authentication enabled',
  resourceTypes: [DB_CLUSTER_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'IAM authentication replaces long-lived database passwords with short-lived tokens tied to IAM identities, so access is granted, logged and revoked in one place.',
  remediationAdvice:
    'Enable it: `aws rds modify-db-cluster --db-cluster-identifier <id> --enable-iam-database-authentication --apply-immediately`, then grant `rds-db:connect` to the roles that need it.',
  evaluate(item) {
    const name = dbClusterName(item);
    const enabled = item.configuration?.iamdatabaseAuthenticationEnabled;
    if (typeof enabled !== 'boolean') {
      return notApplicable(`DB cluster ${name} IAM database authentication setting was not recorded.`);
    }
    return enabled
      ? compliant(`DB cluster ${name} has IAM database authentication enabled.`)
      : nonCompliant(`DB cluster ${name} does not have IAM database authentication enabled.`);
  },
} as const satisfies Rule<Record<string, never>, DbClusterConfiguration>;
