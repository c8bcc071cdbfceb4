import {
  bucketName,
  bucketPublicAccessBlock,
  PUBLIC_ACCESS_BLOCK_SETTINGS,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { nothingToDo, planCalls, type Remediation } from './remediation';

/**
 * Turns on all four bucket-level Block Public Access settings with one `PutPublicAccessBlock`
 * (the call replaces the bucket's whole configuration, so setting all four is also idempotent).
 * Buckets in the rule's `excludedPublicBuckets` are left alone. Blocking public access breaks a bucket
 * that serves content publicly on purpose: tag such buckets `vigil:exempt` or list them in the parameter.
 */
export const s3BucketLevelPublicAccessProhibitedRemediation = {
  ruleId: 's3-bucket-level-public-access-prohibited',
  title: 'Turn on all four bucket-level Block Public Access settings',
  resourceTypes: [S3_BUCKET_TYPE],
  permissions: ['s3:PutBucketPublicAccessBlock'],
  verification: 'immediate',
  plan(item, { parameters }) {
    const name = bucketName(item);
    if (parameters.excludedPublicBuckets.includes(name)) {
      return nothingToDo(`Bucket ${name} is listed in excludedPublicBuckets.`);
    }
    const block = bucketPublicAccessBlock(item);
    const off = PUBLIC_ACCESS_BLOCK_SETTINGS.filter((setting) => block?.[setting] !== true);
    if (off.length === 0) return nothingToDo(`Bucket ${name} already has all four settings on.`);
    return planCalls({
      service: 's3',
      operation: 'PutPublicAccessBlock',
      input: {
        Bucket: name,
        ExpectedBucketOwner: item.accountId,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      },
      description: `Turn on all four Block Public Access settings of bucket ${name} (off now: ${off.join(', ')})`,
    });
  },
} as const satisfies Remediation<{ excludedPublicBuckets: readonly string[] }, S3BucketConfiguration>;
