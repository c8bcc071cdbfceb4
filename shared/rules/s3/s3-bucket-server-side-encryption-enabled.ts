import {
  bucketArn,
  bucketEncryptionRules,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

/** Default-encryption algorithms S3 accepts: SSE-S3, SSE-KMS and DSSE-KMS. */
const SSE_ALGORITHMS = new Set(['aes256', 'aws:kms', 'aws:kms:dsse']);

/**
 * S3 buckets encrypt new objects by default (SSE-S3, SSE-KMS or DSSE-KMS).
 * AWS's page contradicts itself: its first sentence also accepts a bucket without default encryption whose
 * policy denies unencrypted `PutObject` requests, its second fails any bucket "not encrypted by default".
 * Vigil takes the stricter second reading and requires default encryption,
 * because such a policy does not protect objects written before it. Since January 2023 S3 encrypts
 * every bucket with SSE-S3 by default, so this only fails buckets whose recorded configuration lost it.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-server-side-encryption-enabled.html
 */
export const s3BucketServerSideEncryptionEnabled = {
  id: 's3-bucket-server-side-encryption-enabled',
  title: 'S3 buckets encrypt objects at rest by default',
  resourceTypes: [S3_BUCKET_TYPE],
  severity: 'medium',
  managedRule: true,
  deviation:
    'AWS\'s page says the rule checks that a bucket "either has the Amazon S3 default encryption enabled or that the Amazon S3 bucket policy explicitly denies put-object requests without server side encryption", then that it "is NON_COMPLIANT if your Amazon S3 bucket is not encrypted by default"; Vigil follows the second sentence only: a bucket without default encryption is NON_COMPLIANT whatever its policy, because such a policy does not cover objects written before it.',
  parameters: {},
  rationale:
    'Encryption at rest keeps stored data confidential if the storage media or an object copy leaks.',
  remediationAdvice:
    'Turn on default encryption (Properties > Default encryption, or ' +
    '`aws s3api put-bucket-encryption` with SSEAlgorithm AES256 or aws:kms).',
  evaluate(item) {
    const arn = bucketArn(item);
    // Config (and the describer) leave ServerSideEncryptionConfiguration out when the bucket has no default
    // encryption, so a missing key means "none set", not "not collected": failing it is right.
    const rules = bucketEncryptionRules(item);
    const algorithms = rules
      .map((rule) => rule.sseAlgorithm)
      .filter((algorithm): algorithm is string => algorithm !== undefined && algorithm !== '');
    const valid = algorithms.find((algorithm) => SSE_ALGORITHMS.has(algorithm.toLowerCase()));
    if (valid !== undefined) return compliant(`Bucket ${arn} encrypts new objects by default with ${valid}.`);
    if (algorithms.length > 0) {
      return nonCompliant(
        `Bucket ${arn} has default encryption with unknown algorithm ${algorithms.join(', ')}.`,
      );
    }
    return nonCompliant(`Bucket ${arn} has no default server-side encryption.`);
  },
} as const satisfies Rule<Record<string, never>, S3BucketConfiguration>;
