import { DB_CLUSTER_TYPE, type DbClusterConfiguration, dbClusterName } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * RDS DB clusters encrypt their storage at rest (`storageEncrypted`). A cluster without that field is
 * NOT_APPLICABLE: never a failure from data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-cluster-encrypted-at-rest.html
 */
export const rdsClusterEncryptedAtRest = {
  id: 'rds-cluster-encrypted-at-rest',
  title: 'RDS DB clusters encrypt their storage at rest',
  resourceTypes: [DB_CLUSTER_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {},
  rationale:
    'Unencrypted cluster volumes, and every snapshot and clone taken from them, expose the data to anyone who obtains a copy.',
  remediationAdvice:
    'Encryption cannot be turned on in place: snapshot the cluster, restore the snapshot with `aws rds restore-db-cluster-from-snapshot --kms-key-id <key>` (or copy it encrypted), switch clients to the new cluster, and delete the old one.',
  evaluate(item) {
    const name = dbClusterName(item);
    const encrypted = item.configuration?.storageEncrypted;
    if (typeof encrypted !== 'boolean')
      return notApplicable(`DB cluster ${name} storageEncrypted was not recorded.`);
    if (!encrypted) return nonCompliant(`DB cluster ${name} storage is not encrypted at rest.`);
    const key = item.configuration?.kmsKeyId;
    return compliant(
      `DB cluster ${name} storage is encrypted at rest${typeof key === 'string' && key !== '' ? ` with ${key}` : ''}.`,
    );
  },
} as const satisfies Rule<Record<string, never>, DbClusterConfiguration>;
