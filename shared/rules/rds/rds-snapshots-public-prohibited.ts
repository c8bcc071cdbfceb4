import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** One snapshot attribute as AWS Config records it (`DescribeDBSnapshotAttributes`, camelCased). */
type SnapshotAttribute = {
  readonly attributeName?: string;
  readonly attributeValues?: readonly string[];
  readonly AttributeName?: string;
  readonly AttributeValues?: readonly string[];
};

/** The identifiers of a DB snapshot or DB cluster snapshot configuration item. */
export type RdsSnapshotConfiguration = {
  readonly dBSnapshotIdentifier?: string;
  readonly dbclusterSnapshotIdentifier?: string;
  readonly snapshotType?: string;
};

/** The `restore` attribute's values from the supplementary attributes list, if recorded. */
function restoreValues(attributes: unknown): readonly string[] | undefined {
  if (!Array.isArray(attributes)) return undefined;
  for (const attribute of attributes as SnapshotAttribute[]) {
    const attributeName = attribute.attributeName ?? attribute.AttributeName;
    if (attributeName === 'restore') return attribute.attributeValues ?? attribute.AttributeValues ?? [];
  }
  return [];
}

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
    const values = restoreValues(item.supplementaryConfiguration[key]);
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
