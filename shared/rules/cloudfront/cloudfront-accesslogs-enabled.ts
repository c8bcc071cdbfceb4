import {
  CLOUDFRONT_DISTRIBUTION_TYPE,
  type CloudFrontDistributionConfiguration,
  distributionConfigOf,
  distributionLabel,
} from '#shared/resources/cloudfront';
import { objectOf, stringOf } from '#shared/resources/json-values';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** The bucket name of a standard-logging target (`logs.s3.amazonaws.com`, `logs.s3.eu-west-1.amazonaws.com`). */
export function loggingBucketName(target: string): string {
  return target.replace(/\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/, '');
}

/**
 * CloudFront distributions deliver standard (legacy) access logs to S3 (`distributionConfig.logging.enabled`),
 * to the bucket `S3BucketName` when that parameter is set. Logging that was not recorded is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-accesslogs-enabled.html
 */
export const cloudfrontAccesslogsEnabled = {
  id: 'cloudfront-accesslogs-enabled',
  title: 'CloudFront distributions deliver access logs to S3',
  resourceTypes: [CLOUDFRONT_DISTRIBUTION_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    S3BucketName: {
      type: 'string',
      default: '',
      description: 'The S3 bucket access logs must go to; empty accepts any bucket.',
    },
  },
  rationale:
    'Access logs are the record of who requested what from the edge, needed to investigate abuse or a data leak.',
  remediationAdvice:
    'Turn on standard logging to an S3 bucket (console: General → Settings → Standard logging), or in the distribution config set `Logging.Enabled=true` and `Logging.Bucket=<bucket>.s3.amazonaws.com`.',
  evaluate(item, { parameters }) {
    const label = distributionLabel(item);
    const config = distributionConfigOf(item.configuration);
    const logging = objectOf(config?.logging);
    if (logging === undefined || typeof logging.enabled !== 'boolean') {
      return notApplicable(`The logging settings of ${label} were not recorded.`);
    }
    const target = stringOf(logging.bucket);
    if (!logging.enabled || target === undefined || target === '') {
      return nonCompliant(`${label} does not deliver access logs to S3.`);
    }
    const bucket = loggingBucketName(target);
    const expected = parameters.S3BucketName.trim();
    if (expected !== '' && bucket !== expected) {
      return nonCompliant(`${label} logs to ${bucket}, not to ${expected}.`);
    }
    return compliant(`${label} delivers access logs to ${bucket}.`);
  },
} as const satisfies Rule<{ S3BucketName: string }, CloudFrontDistributionConfiguration>;
