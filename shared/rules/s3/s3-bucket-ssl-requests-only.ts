import { deniesInsecureTransport } from '#shared/policy/analyzer';
import { tryParsePolicyDocument } from '#shared/policy/policy-document';
import {
  bucketArn,
  bucketPolicyText,
  recordsSupplementary,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * S3 buckets have a bucket policy that denies every plain-HTTP request (`aws:SecureTransport` false)
 * to the bucket and to all of its objects. A Deny that covers only the objects, only some objects, or
 * exempts principals through `NotPrincipal` or extra conditions does not count (see
 * `deniesInsecureTransport`). A bucket without a policy, or with a policy that cannot be parsed, is
 * NON_COMPLIANT; an item without the `BucketPolicy` key, which Config always records (`policyText` null
 * without a policy), is NOT_APPLICABLE: the policy was not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-ssl-requests-only.html
 */
export const s3BucketSslRequestsOnly = {
  id: 's3-bucket-ssl-requests-only',
  title: 'S3 buckets refuse requests that do not use TLS',
  resourceTypes: [S3_BUCKET_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale: 'Data in transit to and from S3 must be encrypted; only a bucket policy can refuse plain HTTP.',
  remediationAdvice:
    'Add a bucket policy statement: Effect Deny, Principal "*", Action "s3:*", Resource the bucket ARN and ' +
    '"<bucket ARN>/*", Condition {"Bool": {"aws:SecureTransport": "false"}} (`aws s3api put-bucket-policy`).',
  evaluate(item) {
    const arn = bucketArn(item);
    if (!recordsSupplementary(item, 'BucketPolicy')) {
      return notApplicable(`The bucket policy of ${arn} was not recorded.`);
    }
    const text = bucketPolicyText(item);
    if (text === undefined)
      return nonCompliant(`Bucket ${arn} has no bucket policy denying plain-HTTP requests.`);
    const parsed = tryParsePolicyDocument(text);
    if (!parsed.ok) return nonCompliant(`Bucket policy of ${arn} cannot be read: ${parsed.error.message}`);
    const result = deniesInsecureTransport(parsed.policy, { bucketArn: arn });
    const sentence = result.explanation.charAt(0).toUpperCase() + result.explanation.slice(1);
    return result.enforced ? compliant(`${sentence}.`) : nonCompliant(`${sentence}.`);
  },
} as const satisfies Rule<Record<string, never>, S3BucketConfiguration>;
