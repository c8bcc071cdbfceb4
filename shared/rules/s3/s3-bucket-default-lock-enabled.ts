import {
  type BucketObjectLock,
  bucketArn,
  bucketObjectLock,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

type Parameters = { mode: string };

function describeRetention(lock: BucketObjectLock): string {
  if (lock.defaultMode === undefined) return 'no default retention';
  const period = lock.defaultYears ? `${lock.defaultYears} years` : `${lock.defaultDays ?? '?'} days`;
  return `default retention ${lock.defaultMode} ${period}`;
}

/**
 * S3 buckets have Object Lock enabled (`ObjectLockConfiguration.objectLockEnabled` is `Enabled`). With
 * `mode` (`GOVERNANCE` or `COMPLIANCE`), the bucket must also have a default retention in that mode.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-default-lock-enabled.html
 */
export const s3BucketDefaultLockEnabled = {
  id: 's3-bucket-default-lock-enabled',
  title: 'S3 buckets have Object Lock enabled',
  resourceTypes: [S3_BUCKET_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {
    mode: {
      type: 'string',
      default: '',
      description: "Optional: 'GOVERNANCE' or 'COMPLIANCE', the default retention mode required.",
    },
  },
  rationale: 'Object Lock keeps records from being overwritten or deleted for their retention period (WORM).',
  remediationAdvice:
    'Enable Object Lock (Properties > Object Lock; existing buckets need versioning and ' +
    '`aws s3api put-object-lock-configuration`) with a default retention in the required mode.',
  evaluate(item, { parameters }) {
    const arn = bucketArn(item);
    // Config (and the describer) leave ObjectLockConfiguration out when Object Lock is not enabled, so a
    // missing key means "not enabled", not "not collected": failing it is right.
    const lock = bucketObjectLock(item);
    if (lock === undefined || !lock.enabled)
      return nonCompliant(`Bucket ${arn} does not have Object Lock enabled.`);
    const retention = describeRetention(lock);
    const wanted = parameters.mode.trim().toUpperCase();
    if (wanted !== '' && lock.defaultMode?.toUpperCase() !== wanted) {
      return nonCompliant(`Bucket ${arn} has Object Lock with ${retention}, not default mode ${wanted}.`);
    }
    return compliant(`Bucket ${arn} has Object Lock enabled with ${retention}.`);
  },
} as const satisfies Rule<Parameters, S3BucketConfiguration>;
