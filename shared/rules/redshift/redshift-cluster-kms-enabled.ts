import { isApprovedKmsKey } from '#shared/resources/kms';
import { type RedshiftClusterConfiguration, redshiftClusterName } from '#shared/resources/redshift';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Redshift clusters are encrypted with a KMS key (one of `kmsKeyArns` when set). An unencrypted cluster
 * fails. An encrypted cluster whose `kmsKeyId` is not recorded (Redshift always gives it for KMS
 * encryption) is NOT_APPLICABLE when `kmsKeyArns` is set, since the key cannot be checked; and also when
 * `encrypted` itself was not recorded.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/redshift-cluster-kms-enabled.html
 */
export const redshiftClusterKmsEnabled = {
  id: 'redshift-cluster-kms-enabled',
  title: 'Redshift clusters are encrypted with a KMS key',
  resourceTypes: ['AWS::Redshift::Cluster'],
  severity: 'high',
  managedRule: true,
  parameters: {
    kmsKeyArns: {
      type: 'string-list',
      default: [],
      description: 'KMS key ARNs (or key ids) the clusters must be encrypted with; empty accepts any key.',
    },
  },
  rationale:
    'Encrypting the warehouse with a KMS key protects data, backups and snapshots at rest and puts key use under IAM control and CloudTrail.',
  remediationAdvice:
    'Encrypt the cluster with your key: `aws redshift modify-cluster --cluster-identifier <id> --encrypted --kms-key-id <key-arn>` (Redshift migrates the data in place).',
  evaluate(item, { parameters }) {
    const name = redshiftClusterName(item);
    const configuration = item.configuration ?? {};
    if (configuration.encrypted === undefined) {
      return notApplicable(`Whether Redshift cluster ${name} is encrypted was not recorded.`);
    }
    if (!configuration.encrypted) return nonCompliant(`Redshift cluster ${name} is not encrypted.`);
    const key = configuration.kmsKeyId;
    const approved = parameters.kmsKeyArns;
    if (approved.length === 0) {
      return compliant(`Redshift cluster ${name} is encrypted with ${key ?? 'a KMS key'}.`);
    }
    if (key === undefined) {
      return notApplicable(
        `Redshift cluster ${name} is encrypted, but its key was not recorded to check against kmsKeyArns.`,
      );
    }
    return isApprovedKmsKey(key, approved)
      ? compliant(`Redshift cluster ${name} is encrypted with approved key ${key}.`)
      : nonCompliant(`Redshift cluster ${name} is encrypted with ${key}, which is not in kmsKeyArns.`);
  },
} as const satisfies Rule<{ kmsKeyArns: readonly string[] }, RedshiftClusterConfiguration>;
