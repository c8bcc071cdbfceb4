import { DOCDB_ENGINE } from '#shared/resources/docdb';
import { snapshotRestoreValues } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** The parts of an `AWS::RDS::DBClusterSnapshot` item the rule reads (Config's bean naming). */
type ClusterSnapshotConfiguration = {
  readonly dbclusterSnapshotIdentifier?: string;
  readonly engine?: string;
  readonly snapshotType?: string;
};

/**
 * Amazon DocumentDB manual cluster snapshots are not public: the `restore` attribute recorded in
 * `supplementaryConfiguration.DBClusterSnapshotAttributes` does not contain `all`. Snapshots of other
 * engines, automated snapshots (which cannot be shared), and a manual snapshot whose engine or sharing
 * attributes were not recorded are NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/docdb-cluster-snapshot-public-prohibited.html
 */
export const docdbClusterSnapshotPublicProhibited = {
  id: 'docdb-cluster-snapshot-public-prohibited',
  title: 'DocumentDB manual cluster snapshots are not public',
  resourceTypes: ['AWS::RDS::DBClusterSnapshot'],
  severity: 'critical',
  managedRule: true,
  parameters: {},
  rationale: 'A public DocumentDB snapshot lets any AWS account restore a full copy of the document store.',
  remediationAdvice:
    'Remove public access: `aws docdb modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier <id> --attribute-name restore --values-to-remove all`.',
  evaluate(item) {
    const configuration = item.configuration ?? {};
    const name = configuration.dbclusterSnapshotIdentifier ?? item.resourceName ?? item.resourceId;
    const engine = configuration.engine;
    if (typeof engine !== 'string')
      return notApplicable(`DB cluster snapshot ${name} engine was not recorded; it may not be DocumentDB.`);
    if (engine.toLowerCase() !== DOCDB_ENGINE)
      return notApplicable(
        `DB cluster snapshot ${name} was taken from a cluster running ${engine}, not Amazon DocumentDB.`,
      );
    if (configuration.snapshotType === 'automated')
      return notApplicable(`DocumentDB cluster snapshot ${name} is automated and cannot be shared.`);
    const values = snapshotRestoreValues(item.supplementaryConfiguration.DBClusterSnapshotAttributes);
    if (values === undefined) {
      return notApplicable(
        `DocumentDB cluster snapshot ${name} sharing attributes were not recorded; public access cannot be judged.`,
      );
    }
    if (values.includes('all'))
      return nonCompliant(`DocumentDB cluster snapshot ${name} is public: anyone can restore it.`);
    return compliant(
      values.length > 0
        ? `DocumentDB cluster snapshot ${name} is shared only with accounts ${values.join(', ')}.`
        : `DocumentDB cluster snapshot ${name} is not shared.`,
    );
  },
} as const satisfies Rule<Record<string, never>, ClusterSnapshotConfiguration>;
