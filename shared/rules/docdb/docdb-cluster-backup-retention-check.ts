import { docDbClusterOrVerdict } from '#shared/resources/docdb';
import { DB_CLUSTER_TYPE, type DbClusterConfiguration } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = { minimumBackupRetentionPeriod: number };

/**
 * Amazon DocumentDB clusters keep automated backups for at least `minimumBackupRetentionPeriod` days (AWS's
 * default 7): NON_COMPLIANT when `backupRetentionPeriod` is shorter. Clusters of other engines, and a cluster
 * whose retention was not recorded, are NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/docdb-cluster-backup-retention-check.html
 */
export const docdbClusterBackupRetentionCheck = {
  id: 'docdb-cluster-backup-retention-check',
  title: 'DocumentDB clusters keep automated backups for the minimum retention period',
  resourceTypes: [DB_CLUSTER_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    minimumBackupRetentionPeriod: {
      type: 'number',
      default: 7,
      description: 'Minimum days automated backups are kept (1 to 35; AWS default 7).',
    },
  },
  rationale:
    'The retention period bounds how far back a DocumentDB cluster can be restored after data is deleted or corrupted; one day leaves almost no time to notice.',
  remediationAdvice:
    'Raise the retention: `aws docdb modify-db-cluster --db-cluster-identifier <id> --backup-retention-period 7 --apply-immediately`.',
  evaluate(item, { parameters }) {
    const cluster = docDbClusterOrVerdict(item);
    if ('verdict' in cluster) return cluster.verdict;
    const { name } = cluster;
    const retention = item.configuration?.backupRetentionPeriod;
    if (typeof retention !== 'number')
      return notApplicable(`DocumentDB cluster ${name} backupRetentionPeriod was not recorded.`);
    const minimum = parameters.minimumBackupRetentionPeriod;
    return retention < minimum
      ? nonCompliant(
          `DocumentDB cluster ${name} keeps backups for ${retention} day${retention === 1 ? '' : 's'}, below the minimum of ${minimum}.`,
        )
      : compliant(`DocumentDB cluster ${name} keeps backups for ${retention} days (minimum ${minimum}).`);
  },
} as const satisfies Rule<Parameters, DbClusterConfiguration>;
