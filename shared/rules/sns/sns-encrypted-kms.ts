import { sameKmsKeyReference } from '#shared/resources/kms';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

type Parameters = { kmsKeyIds: readonly string[] };

/**
 * `configuration` of an `AWS::SNS::Topic` item (`GetTopicAttributes` names).
 * @see https://github.com/awslabs/aws-config-resource-schema/blob/master/config/properties/resource-types/AWS::SNS::Topic.properties.json
 */
export type SnsTopicConfiguration = {
  readonly TopicArn?: string;
  /** Key id, key ARN, alias name (`alias/aws/sns`) or alias ARN; absent or empty when unencrypted. */
  readonly KmsMasterKeyId?: string | null;
};

/**
 * SNS topics encrypt messages at rest with a KMS key (`KmsMasterKeyId` is set; the AWS managed
 * `alias/aws/sns` counts). With `kmsKeyIds`, the topic's key must be one of the listed key ids, key
 * ARNs, alias names or alias ARNs; a key and an alias of it cannot be matched without resolving the
 * alias, so they count as different (the safer reading).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/sns-encrypted-kms.html
 */
export const snsEncryptedKms = {
  id: 'sns-encrypted-kms',
  title: 'SNS topics encrypt messages at rest with a KMS key',
  resourceTypes: ['AWS::SNS::Topic'],
  severity: 'medium',
  managedRule: true,
  parameters: {
    kmsKeyIds: {
      type: 'string-list',
      default: [],
      description: 'Optional comma-separated KMS key ids, key ARNs, alias names or alias ARNs allowed.',
    },
  },
  rationale:
    'Messages can carry confidential data; server-side encryption keeps them protected while stored.',
  remediationAdvice:
    'Enable encryption on the topic (topic > Edit > Encryption, or `aws sns set-topic-attributes ' +
    '--attribute-name KmsMasterKeyId --attribute-value <key or alias>`).',
  evaluate(item, { parameters }) {
    const arn = item.configuration?.TopicArn ?? item.arn ?? item.resourceId;
    // GetTopicAttributes (and Config) leave KmsMasterKeyId out for an unencrypted topic: failing it is right.
    const key = item.configuration?.KmsMasterKeyId?.trim();
    if (key === undefined || key === '') return nonCompliant(`Topic ${arn} is not encrypted with a KMS key.`);
    const allowed = parameters.kmsKeyIds;
    if (allowed.length > 0 && !allowed.some((candidate) => sameKmsKeyReference(candidate, key))) {
      return nonCompliant(`Topic ${arn} is encrypted with ${key}, which is not in kmsKeyIds.`);
    }
    return compliant(`Topic ${arn} is encrypted with KMS key ${key}.`);
  },
} as const satisfies Rule<Parameters, SnsTopicConfiguration>;
