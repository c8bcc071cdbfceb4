import { snapshotRestoreValues } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** The identifiers of a DB snapshot or DB cluster snapshot configuration item. */
export type RdsSnapshotConfiguration = {
  readonly dBSnapshotIdentifier?: string;
  readonly dbclusterSnapshotIdentifier?: string;
  readonly snapshotType?: string;
};

/**
 * RDS DB snapshots and DB cluster snapshots are not public: their `restore` attribute does not contain
 * `all` (AWS Config records it in `supplementaryConfiguration.DBSnapshotAttributes` /
 * `DBClusterSnapshotAttributes`). Automated snapshots cannot be shared and are COMPLIANT; any other
 * snapshot whose attributes are not recorded was not collected and is NOT_APPLICABLE with that reason.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-snapshots-public-prohibited.html
 */
export const rdsSnapshotsPublicProhibited = {
  id: 'rds-snapshots-public-prohibited',
  title: 'RDS snapshots are not public',
  resourceTypes: ['AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot'],
  severity: 'critical',
  managedRule: true,
  parameters: {},
  rationale: 'A public snapshot lets any AWS account restore a full copy of the database.',
  remediationAdvice:
    'Remove public access: `aws rds modify-db-snapshot-attribute --db-snapshot-identifier <id> --attribute-name restore --values-to-remove all` (cluster snapshots: `modify-db-cluster-snapshot-attribute`).',
  evaluate(item) {
    const cluster = item.resourceType === 'AWS::RDS::DBClusterSnapshot';
    const configuration = item.configuration ?? {};
    const name =
      (cluster ? configuration.dbclusterSnapshotIdentifier : configuration.dBSnapshotIdentifier) ??
      item.resourceName ??
      item.resourceId;
    const kind = cluster ? 'DB cluster snapshot' : 'DB snapshot';
    const key = cluster ? 'DBClusterSnapshotAttributes' : 'DBSnapshotAttributes';
    const values = snapshotRestoreValues(item.supplementaryConfiguration[key]);
    if (values === undefined) {
      return configuration.snapshotType === 'automated'
        ? compliant(`${kind} ${name} is automated and cannot be shared.`)
        : notApplicable(
            `${kind} ${name} sharing attributes were not recorded; public access cannot be judged.`,
          );
    }
    if (values.includes('all')) return nonCompliant(`${kind} ${name} is public: anyone can restore it.`);
    if (values.length > 0)
      return compliant(`${kind} ${name} is shared only with accounts ${values.join(', ')}.`);
    return compliant(`${kind} ${name} is not shared.`);
  },
} as const satisfies Rule<Record<string, never>, RdsSnapshotConfiguration>;
