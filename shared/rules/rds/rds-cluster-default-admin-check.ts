import {
  DB_CLUSTER_TYPE,
  type DbClusterConfiguration,
  dbClusterName,
  defaultAdminVerdict,
} from '#shared/resources/rds';
import type { Rule } from '#shared/rules/rule';

/**
 * RDS DB clusters do not use a default admin user name (`masterUsername` is neither `admin` nor
 * `postgres`), and use one of `validAdminUserNames` when that list is set; the defaults fail even when
 * listed, as the page forbids listing them. A cluster whose master user name was not recorded is
 * NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-cluster-default-admin-check.html
 */
export const rdsClusterDefaultAdminCheck = {
  id: 'rds-cluster-default-admin-check',
  title: 'RDS DB clusters do not use a default admin user name',
  resourceTypes: [DB_CLUSTER_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    validAdminUserNames: {
      type: 'string-list',
      default: [],
      description:
        'Admin user names a cluster may use, comma-separated (never admin or postgres); empty accepts any other name.',
    },
  },
  rationale:
    'A well-known admin name leaves only the password to guess in a credential-stuffing or brute-force attack.',
  remediationAdvice:
    'The master user name cannot be changed in place: restore a snapshot into a new cluster with another `--master-username`, or create a new admin user, move the workloads to it and drop the default one.',
  evaluate(item, { parameters }) {
    return defaultAdminVerdict(
      `DB cluster ${dbClusterName(item)}`,
      item.configuration?.masterUsername,
      parameters.validAdminUserNames,
    );
  },
} as const satisfies Rule<{ validAdminUserNames: readonly string[] }, DbClusterConfiguration>;
