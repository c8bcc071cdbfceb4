import {
  bucketArn,
  bucketVersioning,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * S3 buckets require MFA to delete object versions or change versioning:
 * `BucketVersioningConfiguration.isMfaDeleteEnabled` is true (null or false, as Config records a bucket
 * that never had it, is NON_COMPLIANT). An item that does not record versioning, which Config always
 * records, is NOT_APPLICABLE: it was not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-mfa-delete-enabled.html
 */
export const s3BucketMfaDeleteEnabled = {
  id: 's3-bucket-mfa-delete-enabled',
  title: 'S3 buckets require MFA to delete object versions',
  resourceTypes: [S3_BUCKET_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {},
  rationale:
    'MFA delete means stolen access keys alone cannot purge object versions or suspend versioning to destroy evidence or data.',
  remediationAdvice:
    'As the root user, with its MFA device: `aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "<device-arn> <code>"`.',
  evaluate(item) {
    const arn = bucketArn(item);
    const versioning = bucketVersioning(item);
    if (versioning === undefined) return notApplicable(`Versioning of bucket ${arn} was not recorded.`);
    return versioning.mfaDeleteEnabled
      ? compliant(`Bucket ${arn} has MFA delete enabled.`)
      : nonCompliant(
          `Bucket ${arn} does not have MFA delete enabled (versioning ${versioning.status ?? 'not set'}).`,
        );
  },
} as const satisfies Rule<Record<string, never>, S3BucketConfiguration>;
