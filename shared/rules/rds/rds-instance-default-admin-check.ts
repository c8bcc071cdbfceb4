import {
  DB_INSTANCE_TYPE,
  type DbInstanceConfiguration,
  dbInstanceName,
  defaultAdminVerdict,
} from '#shared/resources/rds';
import type { Rule } from '#shared/rules/rule';

/**
 * RDS DB instances do not use a default admin user name (`masterUsername` is neither `admin` nor
 * `postgres`), and use one of `validAdminUserNames` when that list is set; the defaults fail even when
 * listed, as the page forbids listing them. An instance whose master user name was not recorded is
 * NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-instance-default-admin-check.html
 */
export const rdsInstanceDefaultAdminCheck = {
  id: 'rds-instance-default-admin-check',
  title: 'RDS DB instances do not use a default admin user name',
  resourceTypes: [DB_INSTANCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    validAdminUserNames: {
      type: 'string-list',
      default: [],
      description:
        'Admin user names an instance may use, comma-separated (never admin or postgres); empty accepts any other name.',
    },
  },
  rationale:
    'A well-known admin name leaves only the password to guess in a credential-stuffing or brute-force attack.',
  remediationAdvice:
    'The master user name cannot be changed in place: restore a snapshot into a new instance with another `--master-username`, or create a new admin user, move the workloads to it and drop the default one.',
  evaluate(item, { parameters }) {
    return defaultAdminVerdict(
      `DB instance ${dbInstanceName(item)}`,
      item.configuration?.masterUsername,
      parameters.validAdminUserNames,
    );
  },
} as const satisfies Rule<{ validAdminUserNames: readonly string[] }, DbInstanceConfiguration>;
