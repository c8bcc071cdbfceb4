import { type RedshiftClusterConfiguration, redshiftClusterName } from '#shared/resources/redshift';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Redshift clusters keep automated snapshots: `automatedSnapshotRetentionPeriod` above 0, and within
 * `MinRetentionPeriod` and `MaxRetentionPeriod` when they are set (0, the default of each, does not check
 * it, as the page lists both without a default). An item that does not record the retention period
 * (DescribeClusters and Config always give it) was not collected and is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/redshift-backup-enabled.html
 */
export const redshiftBackupEnabled = {
  id: 'redshift-backup-enabled',
  title: 'Redshift clusters keep automated snapshots',
  resourceTypes: ['AWS::Redshift::Cluster'],
  severity: 'medium',
  managedRule: true,
  parameters: {
    MinRetentionPeriod: {
      type: 'number',
      default: 0,
      description: 'Minimum retention period in days (1 to 35); 0 does not check it.',
    },
    MaxRetentionPeriod: {
      type: 'number',
      default: 0,
      description: 'Maximum retention period in days (1 to 35); 0 does not check it.',
    },
  },
  rationale: 'Automated snapshots are the recovery path when warehouse data is lost, corrupted or deleted.',
  remediationAdvice:
    'Keep automated snapshots: `aws redshift modify-cluster --cluster-identifier <id> --automated-snapshot-retention-period 7`.',
  evaluate(item, { parameters }) {
    const name = redshiftClusterName(item);
    const retention = item.configuration?.automatedSnapshotRetentionPeriod;
    if (retention === undefined) {
      return notApplicable(
        `The automated snapshot retention of Redshift cluster ${name} was not recorded; backups cannot be judged.`,
      );
    }
    if (retention <= 0) {
      return nonCompliant(`Redshift cluster ${name} has automated snapshots disabled (retention 0 days).`);
    }
    const { MinRetentionPeriod: min, MaxRetentionPeriod: max } = parameters;
    if (min > 0 && retention < min) {
      return nonCompliant(
        `Redshift cluster ${name} keeps automated snapshots ${retention} days, below MinRetentionPeriod ${min}.`,
      );
    }
    if (max > 0 && retention > max) {
      return nonCompliant(
        `Redshift cluster ${name} keeps automated snapshots ${retention} days, above MaxRetentionPeriod ${max}.`,
      );
    }
    return compliant(`Redshift cluster ${name} keeps automated snapshots ${retention} days.`);
  },
} as const satisfies Rule<
  { MinRetentionPeriod: number; MaxRetentionPeriod: number },
  RedshiftClusterConfiguration
>;
