import { type DbInstanceConfiguration, dbInstanceName } from '#shared/resources/rds';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** True when the instance's key (an ARN) is the expected key, given as an ARN or a bare key id. */
function isExpectedKey(instanceKey: string, expected: string): boolean {
  return instanceKey === expected || instanceKey.endsWith(`:key/${expected}`);
}

/**
 * RDS DB instances encrypt their storage (optionally with the KMS key `kmsKeyId`).
 * DescribeDBInstances and Config always give `storageEncrypted`, and the key of an encrypted instance: an
 * item without the one the rule needs was not collected and is NOT_APPLICABLE, never failed for it.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/rds-storage-encrypted.html
 */
export const rdsStorageEncrypted = {
  id: 'rds-storage-encrypted',
  title: 'RDS DB instances encrypt their storage',
  resourceTypes: ['AWS::RDS::DBInstance'],
  severity: 'high',
  managedRule: true,
  parameters: {
    kmsKeyId: {
      type: 'string',
      default: '',
      description: 'KMS key ID or ARN the storage must be encrypted with; empty accepts any key.',
    },
  },
  rationale:
    'Encryption at rest keeps database contents, snapshots and replicas unreadable off the running instance.',
  remediationAdvice:
    'Storage encryption cannot be turned on in place: snapshot the instance, copy the snapshot with `--kms-key-id`, restore from the encrypted copy and switch clients over.',
  evaluate(item, { parameters }) {
    const name = dbInstanceName(item);
    const configuration = item.configuration ?? {};
    if (configuration.storageEncrypted === undefined) {
      return notApplicable(
        `DB instance ${name} storageEncrypted was not recorded; encryption cannot be judged.`,
      );
    }
    if (!configuration.storageEncrypted) return nonCompliant(`DB instance ${name} storage is not encrypted.`);
    const key = configuration.kmsKeyId ?? undefined;
    if (parameters.kmsKeyId === '') {
      return compliant(`DB instance ${name} storage is encrypted${key === undefined ? '' : ` with ${key}`}.`);
    }
    if (key === undefined) {
      return notApplicable(
        `DB instance ${name} storage is encrypted, but its key was not recorded; ${parameters.kmsKeyId} cannot be confirmed.`,
      );
    }
    if (!isExpectedKey(key, parameters.kmsKeyId)) {
      return nonCompliant(
        `DB instance ${name} storage is encrypted with ${key}, not ${parameters.kmsKeyId}.`,
      );
    }
    return compliant(`DB instance ${name} storage is encrypted with the expected key ${key}.`);
  },
} as const satisfies Rule<{ kmsKeyId: string }, DbInstanceConfiguration>;
