import {
  bucketArn,
  bucketEncryptionRules,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

type Parameters = { kmsKeyArns: readonly string[] };

const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

/**
 * S3 buckets encrypt new objects by default with a KMS key (SSE-KMS `aws:kms` or DSSE-KMS
 * `aws:kms:dsse`); SSE-S3 (`AES256`) is NON_COMPLIANT. With `kmsKeyArns`, the default key must be one of
 * the listed key ARNs: a bucket using the AWS managed key `aws/s3` (no key recorded) or an alias then
 * cannot be proven to use a listed key and is NON_COMPLIANT.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-default-encryption-kms.html
 */
export const s3DefaultEncryptionKms = {
  id: 's3-default-encryption-kms',
  title: 'S3 buckets encrypt objects by default with a KMS key',
  resourceTypes: [S3_BUCKET_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    kmsKeyArns: {
      type: 'string-list',
      default: [],
      description: 'Optional comma-separated KMS key ARNs allowed as the default key.',
    },
  },
  rationale: 'A KMS key adds an access check and an audit trail to every read of encrypted objects.',
  remediationAdvice:
    'Set default encryption to SSE-KMS with a customer managed key (`aws s3api put-bucket-encryption` with ' +
    'SSEAlgorithm aws:kms and KMSMasterKeyID <key ARN>).',
  evaluate(item, { parameters }) {
    const arn = bucketArn(item);
    // Config (and the describer) leave ServerSideEncryptionConfiguration out when the bucket has no default
    // encryption, so a missing key means "none set", not "not collected": failing it is right.
    const rules = bucketEncryptionRules(item);
    // S3 keeps one default-encryption rule per bucket; the first KMS one is the default.
    const rule = rules.find((candidate) => KMS_ALGORITHMS.has(candidate.sseAlgorithm?.toLowerCase() ?? ''));
    if (rule === undefined) {
      const algorithms = rules.map((candidate) => candidate.sseAlgorithm).filter((a) => a !== undefined);
      return nonCompliant(
        algorithms.length === 0
          ? `Bucket ${arn} has no default encryption.`
          : `Bucket ${arn} encrypts by default with ${algorithms.join(', ')}, not a KMS key.`,
      );
    }
    const key = rule.kmsMasterKeyId ?? 'the AWS managed key aws/s3';
    const allowed = parameters.kmsKeyArns;
    if (allowed.length > 0 && !allowed.includes(rule.kmsMasterKeyId ?? '')) {
      return nonCompliant(`Bucket ${arn} encrypts by default with ${key}, which is not in kmsKeyArns.`);
    }
    return compliant(`Bucket ${arn} encrypts by default with ${rule.sseAlgorithm} using ${key}.`);
  },
} as const satisfies Rule<Parameters, S3BucketConfiguration>;
