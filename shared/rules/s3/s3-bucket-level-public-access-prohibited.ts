import {
  bucketName,
  bucketPublicAccessBlock,
  PUBLIC_ACCESS_BLOCK_SETTINGS,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = { excludedPublicBuckets: readonly string[] };

/**
 * S3 buckets turn on all four bucket-level Block Public Access settings (`BlockPublicAcls`,
 * `IgnorePublicAcls`, `BlockPublicPolicy`, `RestrictPublicBuckets`). A bucket without a bucket-level
 * configuration, or with any setting off, is NON_COMPLIANT; account-level settings are judged by
 * `s3-account-level-public-access-blocks-periodic`, not here. Buckets named in `excludedPublicBuckets`
 * (known, intended public buckets) are NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-level-public-access-prohibited.html
 */
export const s3BucketLevelPublicAccessProhibited = {
  id: 's3-bucket-level-public-access-prohibited',
  title: 'S3 buckets block public access at bucket level',
  resourceTypes: [S3_BUCKET_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {
    excludedPublicBuckets: {
      type: 'string-list',
      default: [],
      description: 'Comma-separated names of buckets that are public on purpose.',
    },
  },
  rationale: 'Block Public Access is the guard rail that stops a policy or ACL mistake from publishing data.',
  remediationAdvice:
    'Turn on all four settings (Permissions > Block public access, or `aws s3api put-public-access-block ' +
    '--public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,' +
    'RestrictPublicBuckets=true`).',
  evaluate(item, { parameters }) {
    const name = bucketName(item);
    if (parameters.excludedPublicBuckets.includes(name)) {
      return notApplicable(`Bucket ${name} is listed in excludedPublicBuckets.`);
    }
    // Config (and the describer) leave PublicAccessBlockConfiguration out when the bucket has none, so a
    // missing key means "no bucket-level block", not "not collected": failing it is right.
    const block = bucketPublicAccessBlock(item);
    if (block === undefined)
      return nonCompliant(`Bucket ${name} has no bucket-level Block Public Access settings.`);
    const off = PUBLIC_ACCESS_BLOCK_SETTINGS.filter((setting) => !block[setting]);
    if (off.length > 0) {
      return nonCompliant(`Bucket ${name} has Block Public Access settings turned off: ${off.join(', ')}.`);
    }
    return compliant(`Bucket ${name} has all four Block Public Access settings on.`);
  },
} as const satisfies Rule<Parameters, S3BucketConfiguration>;
