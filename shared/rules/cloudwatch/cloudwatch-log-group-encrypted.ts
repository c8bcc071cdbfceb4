import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

/** The part of an `AWS::Logs::LogGroup` configuration item this rule reads (DescribeLogGroups shape). */
export type LogGroupEncryptionConfiguration = {
  readonly logGroupName?: string;
  /** ARN of the KMS key encrypting the log group; absent when CloudWatch Logs' own encryption is used. */
  readonly kmsKeyId?: string | null;
  /** CloudFormation casing, read when `kmsKeyId` is absent. */
  readonly KmsKeyId?: string | null;
};

/**
 * Log groups are encrypted with a KMS key, and with the `KmsKeyId` parameter, with that key (compared as
 * written: give the key ARN, as CloudWatch Logs records it).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cloudwatch-log-group-encrypted.html
 */
export const cloudwatchLogGroupEncrypted = {
  id: 'cloudwatch-log-group-encrypted',
  title: 'CloudWatch log groups are encrypted with a KMS key',
  resourceTypes: ['AWS::Logs::LogGroup'],
  severity: 'medium',
  managedRule: true,
  parameters: {
    KmsKeyId: {
      type: 'string',
      default: '',
      description: 'ARN of the KMS key log groups must be encrypted with (empty = any KMS key).',
    },
  },
  rationale:
    'Logs often carry personal data and secrets; a KMS key puts reading them under key policy and audit.',
  remediationAdvice:
    'Associate a KMS key whose policy allows the logs service: `aws logs associate-kms-key --log-group-name <name> --kms-key-id <key-arn>`.',
  evaluate(item, { parameters }) {
    const name = item.configuration?.logGroupName ?? item.resourceId;
    // DescribeLogGroups (and Config) leave kmsKeyId out for a group without a KMS key: failing it is right.
    const key = item.configuration?.kmsKeyId || item.configuration?.KmsKeyId || undefined;
    if (!key) return nonCompliant(`Log group ${name} is not encrypted with a KMS key.`);
    if (parameters.KmsKeyId !== '' && key !== parameters.KmsKeyId) {
      return nonCompliant(
        `Log group ${name} is encrypted with ${key}, not the required key ${parameters.KmsKeyId}.`,
      );
    }
    return compliant(`Log group ${name} is encrypted with KMS key ${key}.`);
  },
} as const satisfies Rule<{ KmsKeyId: string }, LogGroupEncryptionConfiguration>;
