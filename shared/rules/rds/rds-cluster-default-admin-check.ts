import {
  adminUsernameProblem,
  DB_CLUSTER_TYPE,
  type DbClusterConfiguration,
  dbClusterName,
} from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

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
    const name = dbClusterName(item);
    const username = item.configuration?.masterUsername;
    switch (adminUsernameProblem(username, parameters.validAdminUserNames)) {
      case 'not-recorded':
        return notApplicable(`The master user name of DB cluster ${name} was not recorded.`);
      case 'default':
        return nonCompliant(`DB cluster ${name} uses the default admin user name ${username}.`);
      case 'not-allowed':
        return nonCompliant(
          `DB cluster ${name} uses admin user name ${username}, not one of ${parameters.validAdminUserNames.join(', ')}.`,
        );
      case undefined:
        return compliant(`DB cluster ${name} uses admin user name ${username}, not a default one.`);
    }
  },
} as const satisfies Rule<{ validAdminUserNames: readonly string[] }, DbClusterConfiguration>;
