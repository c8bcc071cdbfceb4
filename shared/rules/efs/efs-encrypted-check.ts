import { sameKmsKeyReference } from '#shared/resources/kms';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = { KmsKeyId: string };

/**
 * `configuration` of an `AWS::EFS::FileSystem` item (CloudFormation-style casing).
 * @see https://github.com/awslabs/aws-config-resource-schema/blob/master/config/properties/resource-types/AWS::EFS::FileSystem.properties.json
 */
export type EfsFileSystemConfiguration = {
  readonly FileSystemId?: string;
  readonly Arn?: string;
  readonly Encrypted?: boolean | string;
  /** ARN of the KMS key; present only for encrypted file systems. */
  readonly KmsKeyId?: string | null;
};

/**
 * EFS file systems encrypt their data at rest with KMS (`Encrypted` is true). With `KmsKeyId`, the file
 * system's key (recorded as a key ARN) must be that key, given as its ARN or key id; an alias cannot be
 * resolved to its key here, so it never matches (the safer reading). Config and DescribeFileSystems always
 * give `Encrypted`, and the key of an encrypted file system: an item without the one the rule needs was not
 * collected and is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/efs-encrypted-check.html
 */
export const efsEncryptedCheck = {
  id: 'efs-encrypted-check',
  title: 'EFS file systems encrypt data at rest with KMS',
  resourceTypes: ['AWS::EFS::FileSystem'],
  severity: 'medium',
  managedRule: true,
  parameters: {
    KmsKeyId: {
      type: 'string',
      default: '',
      description: 'Optional: ARN of the KMS key every file system must be encrypted with.',
    },
  },
  rationale: 'Encryption at rest keeps shared file data confidential if the underlying storage is exposed.',
  remediationAdvice:
    'EFS encryption is set at creation: create an encrypted file system (`aws efs create-file-system --encrypted ' +
    '--kms-key-id <key>`), copy the data (AWS DataSync or a restore from AWS Backup), and switch clients to it.',
  evaluate(item, { parameters }) {
    const id = item.configuration?.FileSystemId ?? item.resourceId;
    const encrypted = item.configuration?.Encrypted;
    if (encrypted === undefined || encrypted === null) {
      return notApplicable(`Whether file system ${id} is encrypted was not recorded.`);
    }
    if (encrypted !== true && String(encrypted).toLowerCase() !== 'true') {
      return nonCompliant(`File system ${id} is not encrypted at rest.`);
    }
    const key = item.configuration?.KmsKeyId ?? undefined;
    const wanted = parameters.KmsKeyId.trim();
    if (wanted !== '' && key === undefined) {
      return notApplicable(
        `File system ${id} is encrypted, but its key was not recorded; ${wanted} cannot be confirmed.`,
      );
    }
    if (wanted !== '' && key !== undefined && !sameKmsKeyReference(key, wanted)) {
      return nonCompliant(`File system ${id} is encrypted with ${key}, not ${wanted}.`);
    }
    return compliant(`File system ${id} is encrypted at rest with ${key ?? 'a KMS key'}.`);
  },
} as const satisfies Rule<Parameters, EfsFileSystemConfiguration>;
