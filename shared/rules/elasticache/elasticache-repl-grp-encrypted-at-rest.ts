import {
  ELASTICACHE_REPLICATION_GROUP_TYPE,
  elastiCacheField,
  type ReplicationGroupConfiguration,
  replicationGroupName,
} from '#shared/resources/elasticache';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = { approvedKMSKeyIds: readonly string[] };

/** True when `key` (an ARN or id as ElastiCache reports it) is one of `approved` (ARNs or key ids). */
function isApproved(key: string, approved: readonly string[]): boolean {
  const keyId = key.replace(/^arn:[^:]+:kms:[^:]*:\d*:key\//, '');
  return approved.some((entry) => entry === key || entry === keyId);
}

/**
 * ElastiCache replication groups encrypt their data at rest (`atRestEncryptionEnabled`); with
 * `approvedKMSKeyIds`, the group's `kmsKeyId` must be one of them (listed as key id or ARN). A group
 * encrypted with ElastiCache's default key carries no `kmsKeyId`, so it fails a non-empty list. A group whose
 * `atRestEncryptionEnabled` was not recorded is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/elasticache-repl-grp-encrypted-at-rest.html
 */
export const elasticacheReplGrpEncryptedAtRest = {
  id: 'elasticache-repl-grp-encrypted-at-rest',
  title: 'ElastiCache replication groups encrypt their data at rest',
  resourceTypes: [ELASTICACHE_REPLICATION_GROUP_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {
    approvedKMSKeyIds: {
      type: 'string-list',
      default: [],
      description: 'Optional comma-separated KMS key ids (or ARNs) approved to encrypt replication groups.',
    },
  },
  rationale:
    'Without encryption at rest, the cached data written to disk during syncs, swaps and backups, and the backups kept in S3, are stored in plaintext.',
  remediationAdvice:
    'Encryption at rest cannot be turned on in place: create a backup, create a new replication group from it with `--at-rest-encryption-enabled --kms-key-id <key>`, switch clients to its endpoint, and delete the old group.',
  evaluate(item, { parameters }) {
    const name = replicationGroupName(item);
    const encrypted = elastiCacheField(item.configuration, 'atRestEncryptionEnabled');
    if (typeof encrypted !== 'boolean')
      return notApplicable(`Replication group ${name} atRestEncryptionEnabled was not recorded.`);
    if (!encrypted) return nonCompliant(`Replication group ${name} is not encrypted at rest.`);
    const key = elastiCacheField(item.configuration, 'kmsKeyId');
    const keyId = typeof key === 'string' && key !== '' ? key : undefined;
    if (
      parameters.approvedKMSKeyIds.length > 0 &&
      (keyId === undefined || !isApproved(keyId, parameters.approvedKMSKeyIds))
    ) {
      return nonCompliant(
        `Replication group ${name} is encrypted at rest with ${keyId ?? 'the default ElastiCache key'}, which is not in approvedKMSKeyIds.`,
      );
    }
    return compliant(
      `Replication group ${name} is encrypted at rest with ${keyId ?? 'the default ElastiCache key'}.`,
    );
  },
} as const satisfies Rule<Parameters, ReplicationGroupConfiguration>;
