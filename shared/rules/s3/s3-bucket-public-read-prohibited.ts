import {
  S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { assessPublicAccess } from '#shared/resources/s3-public-access';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * S3 buckets do not let the public read: neither the bucket policy (a public Allow of a read action on
 * the bucket or its objects, judged by shared/policy) nor the bucket ACL (a read grant to AllUsers or
 * AuthenticatedUsers) opens the bucket, unless Block Public Access neutralises that path
 * (`RestrictPublicBuckets` for the policy, `IgnorePublicAcls` for the ACL) at bucket or account level.
 * See `assessPublicAccess` for the actions and permissions counted. A policy that cannot be parsed is
 * treated as public unless `RestrictPublicBuckets` applies (the safer reading). A bucket is not judged from
 * what was not collected (its policy or ACL key missing, or, on the describe path, the account-level Block
 * Public Access that could neutralise an exposure): NOT_APPLICABLE, naming what is missing.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-public-read-prohibited.html
 */
export const s3BucketPublicReadProhibited = {
  id: 's3-bucket-public-read-prohibited',
  title: 'S3 buckets do not allow public read access',
  resourceTypes: [S3_BUCKET_TYPE],
  reads: [S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE],
  severity: 'critical',
  managedRule: true,
  parameters: {},
  rationale: 'A publicly readable bucket discloses its contents to anyone on the internet.',
  remediationAdvice:
    'Remove the public statement from the bucket policy and the AllUsers/AuthenticatedUsers grants from the ' +
    'ACL, or turn on Block Public Access (`aws s3api put-public-access-block` with RestrictPublicBuckets ' +
    'and IgnorePublicAcls true).',
  evaluate(item, { inventory }) {
    const assessment = assessPublicAccess(item, inventory, 'read');
    if (assessment.exposures.length > 0 && assessment.accountBlockKnown) {
      return nonCompliant(
        `Bucket ${assessment.bucketArn} allows public read: ${assessment.exposures.join('; ')}.`,
      );
    }
    if (assessment.uncollected.length > 0) {
      const seen = assessment.exposures.length > 0 ? ` (${assessment.exposures.join('; ')})` : '';
      return notApplicable(
        `Cannot judge public read of bucket ${assessment.bucketArn}${seen}: ${assessment.uncollected.join('; ')}.`,
      );
    }
    if (assessment.neutralised.length > 0) {
      return compliant(`Bucket ${assessment.bucketArn} is not public: ${assessment.neutralised.join('; ')}.`);
    }
    return compliant(`Bucket ${assessment.bucketArn} grants no public read access in its policy or ACL.`);
  },
} as const satisfies Rule<Record<string, never>, S3BucketConfiguration>;
