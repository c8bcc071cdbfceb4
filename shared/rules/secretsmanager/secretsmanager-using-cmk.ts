import { SECRET_RESOURCE_TYPE, type SecretConfiguration, secretName } from '#shared/resources/secretsmanager';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** The AWS managed key of Secrets Manager, however a secret names it. */
const AWS_MANAGED_KEY = /^(?:arn:[^:]+:kms:[^:]*:[^:]*:)?alias\/aws\/secretsmanager$/;

/** The key id at the end of a key ARN (`…:key/<id>`), or the value itself. */
function keyIdOf(value: string): string {
  const match = /:key\/([^/]+)$/.exec(value);
  return match?.[1] ?? value;
}

/**
 * Secrets Manager secrets are encrypted with a customer managed KMS key (`KMSKeyId` set), not the AWS
 * managed key `aws/secretsmanager` (`KMSKeyId` null, or that alias). With `kmsKeyArns`, the key must be
 * one of them (matched by ARN or by the key id the ARN ends in). A secret whose key was not recorded is
 * NOT_APPLICABLE; secrets marked deleted are NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-using-cmk.html
 */
export const secretsmanagerUsingCmk = {
  id: 'secretsmanager-using-cmk',
  title: 'Secrets Manager secrets are encrypted with a customer managed KMS key',
  resourceTypes: [SECRET_RESOURCE_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {
    kmsKeyArns: {
      type: 'string-list',
      default: [],
      description:
        'KMS key ARNs a secret must be encrypted with, comma-separated; empty accepts any customer managed key.',
    },
  },
  rationale:
    'A customer managed key lets you control and audit who may decrypt the secret, and revoke that by key policy, apart from Secrets Manager permissions.',
  remediationAdvice:
    'Re-encrypt the secret under a customer managed key: `aws secretsmanager update-secret --secret-id <id> --kms-key-id <key-arn>` (grant the secret’s readers kms:Decrypt on that key first).',
  evaluate(item, { parameters }) {
    const secret = item.configuration ?? {};
    const name = secretName(item);
    if (secret.Deleted === true) return notApplicable(`Secret ${name} is scheduled for deletion.`);
    const key = secret.KMSKeyId;
    if (key === undefined) return notApplicable(`The KMS key of secret ${name} was not recorded.`);
    if (key === null || key === '' || AWS_MANAGED_KEY.test(key)) {
      return nonCompliant(`Secret ${name} is encrypted with the AWS managed key aws/secretsmanager.`);
    }
    const allowed = parameters.kmsKeyArns;
    if (allowed.length > 0 && !allowed.some((arn) => arn === key || keyIdOf(arn) === keyIdOf(key))) {
      return nonCompliant(`Secret ${name} is encrypted with ${key}, not one of the allowed keys.`);
    }
    return compliant(`Secret ${name} is encrypted with the customer managed key ${key}.`);
  },
} as const satisfies Rule<{ kmsKeyArns: readonly string[] }, SecretConfiguration>;
