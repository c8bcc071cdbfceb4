import { DB_INSTANCE_TYPE, type DbInstanceConfiguration, dbInstanceName } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** The engines the managed rule judges, as its page lists them. */
const ENGINES: readonly string[] = ['mysql', 'postgres', 'aurora', 'aurora-mysql', 'aurora-postgresql'];

/** The instance states the managed rule judges, as its page lists them. */
const STATUSES: readonly string[] = ['available', 'backing-up', 'storage-optimization', 'storage-full'];

/**
 * RDS DB instances accept IAM database authentication (`iAMDatabaseAuthenticationEnabled`). As the
 * managed rule's page notes, only engines mysql, postgres, aurora, aurora-mysql and aurora-postgresql in
 * states available, backing-up, storage-optimization or storage-full are judged; other instances (and
 * one whose engine, state or setting was not recorded) are NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-instance-iam-authentication-enabled.html
 */
export const rdsInstanceIamAuthenticationEnabled = {
  id: 'rds-instance-iam-authentication-enabled',
  title: 'RDS DB instances have IAM database authentication enabled',
  resourceTypes: [DB_INSTANCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'IAM authentication replaces long-lived database passwords with short-lived tokens tied to IAM identities, so access is granted, logged and revoked in one place.',
  remediationAdvice:
    'Enable it: `aws rds modify-db-instance --db-instance-identifier <id> --enable-iam-database-authentication --apply-immediately` (for Aurora, on the cluster with `modify-db-cluster`).',
  evaluate(item) {
    const name = dbInstanceName(item);
    const configuration = item.configuration ?? {};
    const engine = configuration.engine?.toLowerCase();
    if (engine === undefined || !ENGINES.includes(engine)) {
      return notApplicable(
        `DB instance ${name} runs ${engine ?? 'an unrecorded engine'}; the rule covers ${ENGINES.join(', ')}.`,
      );
    }
    const status = configuration.dBInstanceStatus?.toLowerCase();
    if (status === undefined || !STATUSES.includes(status)) {
      return notApplicable(
        `DB instance ${name} is ${status ?? 'in an unrecorded state'}; the rule covers ${STATUSES.join(', ')}.`,
      );
    }
    const enabled = configuration.iAMDatabaseAuthenticationEnabled;
    if (typeof enabled !== 'boolean') {
      return notApplicable(`DB instance ${name} IAM database authentication setting was not recorded.`);
    }
    return enabled
      ? compliant(`DB instance ${name} has IAM database authentication enabled.`)
      : nonCompliant(`DB instance ${name} does not have IAM database authentication enabled.`);
  },
} as const satisfies Rule<Record<string, never>, DbInstanceConfiguration>;
