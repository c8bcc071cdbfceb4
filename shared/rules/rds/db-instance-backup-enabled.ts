import { type DbInstanceConfiguration, dbInstanceName, isReadReplica } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = {
  backupRetentionPeriod: number;
  backupRetentionMinimum: number;
  preferredBackupWindow: string;
  checkReadReplicas: boolean;
};

/**
 * RDS DB instances have automated backups enabled (retention above 0 days), optionally with an exact
 * `backupRetentionPeriod`, a `backupRetentionMinimum` and a `preferredBackupWindow`.
 * The managed rule documents no defaults; Vigil uses Security Hub RDS.11's: minimum 7 days and read
 * replicas not evaluated (`checkReadReplicas` false → NOT_APPLICABLE). `backupRetentionPeriod` 0 and an
 * empty `preferredBackupWindow` mean "not checked". DescribeDBInstances and Config always give
 * `backupRetentionPeriod` and `preferredBackupWindow`: an item without the one the rule needs was not
 * collected and is NOT_APPLICABLE, never failed for it.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/db-instance-backup-enabled.html
 */
export const dbInstanceBackupEnabled = {
  id: 'db-instance-backup-enabled',
  title: 'RDS DB instances have automated backups enabled',
  resourceTypes: ['AWS::RDS::DBInstance'],
  severity: 'high',
  managedRule: true,
  deviation:
    'AWS\'s page lists every parameter as optional with no default ("Optionally, the rule checks the backup retention period and the backup window"), so unset it checks only that backups are enabled; Vigil defaults backupRetentionMinimum to 7 days and checkReadReplicas to false (read replicas NOT_APPLICABLE), Security Hub control RDS.11\'s values, so an instance keeping backups for fewer than 7 days is NON_COMPLIANT.',
  parameters: {
    backupRetentionPeriod: {
      type: 'number',
      default: 0,
      description: 'Exact retention period in days the instance must use; 0 does not check it.',
    },
    backupRetentionMinimum: {
      type: 'number',
      default: 7,
      description: 'Minimum retention period in days (Security Hub RDS.11 default: 7).',
    },
    preferredBackupWindow: {
      type: 'string',
      default: '',
      description: 'Backup window the instance must use, e.g. "03:00-03:30" (UTC); empty does not check it.',
    },
    checkReadReplicas: {
      type: 'boolean',
      default: false,
      description: 'Also evaluate read replicas; when false they are NOT_APPLICABLE.',
    },
  },
  rationale:
    'Automated backups with point-in-time restore are the recovery path when data is lost or corrupted.',
  remediationAdvice:
    'Enable automated backups: `aws rds modify-db-instance --db-instance-identifier <id> --backup-retention-period 14 --preferred-backup-window 03:00-03:30 --apply-immediately`.',
  evaluate(item, { parameters }) {
    const name = dbInstanceName(item);
    const configuration = item.configuration ?? {};
    if (isReadReplica(configuration) && !parameters.checkReadReplicas) {
      return notApplicable(`DB instance ${name} is a read replica and checkReadReplicas is false.`);
    }
    const retention = configuration.backupRetentionPeriod;
    if (retention === undefined) {
      return notApplicable(
        `DB instance ${name} backupRetentionPeriod was not recorded; backups cannot be judged.`,
      );
    }
    if (retention <= 0)
      return nonCompliant(`DB instance ${name} has automated backups disabled (retention 0 days).`);
    const problems: string[] = [];
    if (parameters.backupRetentionPeriod > 0 && retention !== parameters.backupRetentionPeriod) {
      problems.push(`retention is ${retention} days, not ${parameters.backupRetentionPeriod}`);
    } else if (retention < parameters.backupRetentionMinimum) {
      problems.push(
        `retention is ${retention} days, below the minimum of ${parameters.backupRetentionMinimum}`,
      );
    }
    const window = configuration.preferredBackupWindow;
    const windowUnknown = parameters.preferredBackupWindow !== '' && window === undefined;
    if (
      !windowUnknown &&
      parameters.preferredBackupWindow !== '' &&
      window !== parameters.preferredBackupWindow
    ) {
      problems.push(`backup window is ${window}, not ${parameters.preferredBackupWindow}`);
    }
    if (problems.length > 0) return nonCompliant(`DB instance ${name}: ${problems.join('; ')}.`);
    if (windowUnknown) {
      return notApplicable(
        `DB instance ${name} preferredBackupWindow was not recorded; ${parameters.preferredBackupWindow} cannot be confirmed.`,
      );
    }
    return compliant(
      `DB instance ${name} keeps automated backups for ${retention} days (window ${window ?? 'unrecorded'}).`,
    );
  },
} as const satisfies Rule<Parameters, DbInstanceConfiguration>;
