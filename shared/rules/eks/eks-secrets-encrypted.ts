import { type EksClusterConfiguration, readEksCluster } from '#shared/resources/eks';
import { isApprovedKmsKey } from '#shared/resources/kms';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * EKS clusters encrypt Kubernetes secrets with a KMS key (optionally one of `kmsKeyArns`).
 * When `kmsKeyArns` is set and the secrets encryption records no key ARN (EKS always gives it), the key was
 * not collected and the cluster is NOT_APPLICABLE. A cluster without an encryption config fails: EKS and
 * Config leave `EncryptionConfig` out when secrets are not encrypted.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/eks-secrets-encrypted.html
 */
export const eksSecretsEncrypted = {
  id: 'eks-secrets-encrypted',
  title: 'EKS clusters encrypt Kubernetes secrets with a KMS key',
  resourceTypes: ['AWS::EKS::Cluster'],
  severity: 'high',
  managedRule: true,
  parameters: {
    kmsKeyArns: {
      type: 'string-list',
      default: [],
      description: 'KMS key ARNs (or key ids) allowed to encrypt secrets; empty accepts any key.',
    },
  },
  rationale:
    'Envelope encryption keeps Kubernetes secrets unreadable to anyone who obtains an etcd backup or disk.',
  remediationAdvice:
    'Enable envelope encryption of secrets: `aws eks associate-encryption-config --cluster-name <cluster> --encryption-config \'[{"resources":["secrets"],"provider":{"keyArn":"<kms-key-arn>"}}]\'` (cannot be undone).',
  evaluate(item, { parameters }) {
    const cluster = readEksCluster(item);
    const secrets = cluster.encryption.find((entry) => entry.resources.includes('secrets'));
    if (secrets === undefined) {
      return nonCompliant(`EKS cluster ${cluster.name} does not encrypt Kubernetes secrets with KMS.`);
    }
    const approved = parameters.kmsKeyArns;
    if (approved.length === 0) {
      return compliant(`EKS cluster ${cluster.name} encrypts secrets with ${secrets.keyArn ?? 'a KMS key'}.`);
    }
    if (secrets.keyArn === undefined) {
      return notApplicable(
        `EKS cluster ${cluster.name} encrypts secrets, but its key was not recorded to check against kmsKeyArns.`,
      );
    }
    if (!isApprovedKmsKey(secrets.keyArn, approved)) {
      return nonCompliant(
        `EKS cluster ${cluster.name} encrypts secrets with ${secrets.keyArn}, which is not in kmsKeyArns.`,
      );
    }
    return compliant(`EKS cluster ${cluster.name} encrypts secrets with approved key ${secrets.keyArn}.`);
  },
} as const satisfies Rule<{ kmsKeyArns: readonly string[] }, EksClusterConfiguration>;
