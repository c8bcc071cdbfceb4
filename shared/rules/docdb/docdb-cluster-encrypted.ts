import { docDbClusterOrVerdict } from '#shared/resources/docdb';
import { DB_CLUSTER_TYPE, type DbClusterConfiguration } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = { kmsKeyArns: readonly string[] };

/**
 * Amazon DocumentDB clusters encrypt their storage (`storageEncrypted`); with `kmsKeyArns`, the cluster's
 * `kmsKeyId` must be one of them. Clusters of other engines, and a cluster whose encryption (or, when keys
 * are listed, whose key) was not recorded, are NOT_APPLICABLE: never a failure from data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/docdb-cluster-encrypted.html
 */
export const docdbClusterEncrypted = {
  id: 'docdb-cluster-encrypted',
  title: 'DocumentDB clusters encrypt their storage at rest',
  resourceTypes: [DB_CLUSTER_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {
    kmsKeyArns: {
      type: 'string-list',
      default: [],
      description: 'Optional comma-separated KMS key ARNs the cluster must be encrypted with.',
    },
  },
  rationale:
    'An unencrypted DocumentDB cluster leaves its documents, automated backups and snapshots readable to anyone who obtains a copy of the storage.',
  remediationAdvice:
    'Encryption cannot be turned on in place: take a snapshot, restore it with `aws docdb restore-db-cluster-from-snapshot --kms-key-id <key>`, add instances, move clients to the new cluster, and delete the old one.',
  evaluate(item, { parameters }) {
    const cluster = docDbClusterOrVerdict(item);
    if ('verdict' in cluster) return cluster.verdict;
    const { name } = cluster;
    const encrypted = item.configuration?.storageEncrypted;
    if (typeof encrypted !== 'boolean')
      return notApplicable(`DocumentDB cluster ${name} storageEncrypted was not recorded.`);
    if (!encrypted) return nonCompliant(`DocumentDB cluster ${name} storage is not encrypted.`);
    const key = item.configuration?.kmsKeyId;
    const recordedKey = typeof key === 'string' && key !== '' ? key : undefined;
    if (parameters.kmsKeyArns.length > 0) {
      if (recordedKey === undefined) {
        return notApplicable(
          `DocumentDB cluster ${name} is encrypted but its kmsKeyId was not recorded, so kmsKeyArns cannot be checked.`,
        );
      }
      if (!parameters.kmsKeyArns.includes(recordedKey)) {
        return nonCompliant(
          `DocumentDB cluster ${name} is encrypted with ${recordedKey}, which is not in kmsKeyArns.`,
        );
      }
    }
    return compliant(
      `DocumentDB cluster ${name} storage is encrypted${recordedKey === undefined ? '' : ` with ${recordedKey}`}.`,
    );
  },
} as const satisfies Rule<Parameters, DbClusterConfiguration>;
