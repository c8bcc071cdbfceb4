import {
  bucketArn,
  bucketLoggingTarget,
  recordsSupplementary,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = { targetBucket: string; targetPrefix: string };

/**
 * S3 buckets write server access logs (`BucketLoggingConfiguration.destinationBucketName` is set).
 * With `targetBucket` and/or `targetPrefix`, the logs must go to that bucket and under that prefix
 * (exact match, as the managed rule compares them). Config always records `BucketLoggingConfiguration`
 * (`destinationBucketName` null when logging is off), so an item without it is NOT_APPLICABLE: logging was
 * not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-logging-enabled.html
 */
export const s3BucketLoggingEnabled = {
  id: 's3-bucket-logging-enabled',
  title: 'S3 buckets record server access logs',
  resourceTypes: [S3_BUCKET_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {
    targetBucket: {
      type: 'string',
      default: '',
      description: 'Optional: the bucket server access logs must be delivered to.',
    },
    targetPrefix: {
      type: 'string',
      default: '',
      description: 'Optional: the key prefix server access logs must be written under.',
    },
  },
  rationale: 'Access logs show who read or changed which object, the record an investigation starts from.',
  remediationAdvice:
    'Enable server access logging to a dedicated log bucket (Properties > Server access logging, or ' +
    '`aws s3api put-bucket-logging`).',
  evaluate(item, { parameters }) {
    const arn = bucketArn(item);
    if (!recordsSupplementary(item, 'BucketLoggingConfiguration')) {
      return notApplicable(`Server access logging of bucket ${arn} was not recorded.`);
    }
    const target = bucketLoggingTarget(item);
    if (target === undefined) return nonCompliant(`Bucket ${arn} does not record server access logs.`);
    const where = `s3://${target.bucket}/${target.prefix}`;
    if (parameters.targetBucket !== '' && target.bucket !== parameters.targetBucket) {
      return nonCompliant(`Bucket ${arn} logs to ${where}, not to bucket ${parameters.targetBucket}.`);
    }
    if (parameters.targetPrefix !== '' && target.prefix !== parameters.targetPrefix) {
      return nonCompliant(`Bucket ${arn} logs to ${where}, not under prefix ${parameters.targetPrefix}.`);
    }
    return compliant(`Bucket ${arn} records server access logs to ${where}.`);
  },
} as const satisfies Rule<Parameters, S3BucketConfiguration>;
