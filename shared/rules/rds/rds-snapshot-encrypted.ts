import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** What the rule reads of a DB snapshot (`encrypted`) or a DB cluster snapshot (`storageEncrypted`). */
type SnapshotEncryptionConfiguration = {
  readonly dBSnapshotIdentifier?: string;
  readonly dbclusterSnapshotIdentifier?: string;
  readonly encrypted?: boolean;
  readonly storageEncrypted?: boolean;
};

/**
 * RDS DB snapshots (`encrypted`) and DB cluster snapshots (`storageEncrypted`) are encrypted. A snapshot
 * whose encryption flag was not recorded is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-snapshot-encrypted.html
 */
export const rdsSnapshotEncrypted = {
  id: 'rds-snapshot-encrypted',
  title: 'RDS snapshots are encrypted',
  resourceTypes: ['AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot'],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'A snapshot is a full copy of the database; unencrypted, anyone who can copy or share it reads every row.',
  remediationAdvice:
    'Copy the snapshot with a KMS key (`aws rds copy-db-snapshot --source-db-snapshot-identifier <id> --target-db-snapshot-identifier <id>-encrypted --kms-key-id <key>`), delete the unencrypted one, and encrypt the source database so new snapshots are encrypted.',
  evaluate(item) {
    const configuration = item.configuration ?? {};
    const cluster = item.resourceType === 'AWS::RDS::DBClusterSnapshot';
    const kind = cluster ? 'DB cluster snapshot' : 'DB snapshot';
    const name =
      (cluster ? configuration.dbclusterSnapshotIdentifier : configuration.dBSnapshotIdentifier) ??
      item.resourceName ??
      item.resourceId;
    const encrypted = cluster ? configuration.storageEncrypted : configuration.encrypted;
    if (typeof encrypted !== 'boolean') {
      return notApplicable(`Whether ${kind} ${name} is encrypted was not recorded.`);
    }
    return encrypted
      ? compliant(`${kind} ${name} is encrypted.`)
      : nonCompliant(`${kind} ${name} is not encrypted.`);
  },
} as const satisfies Rule<Record<string, never>, SnapshotEncryptionConfiguration>;
