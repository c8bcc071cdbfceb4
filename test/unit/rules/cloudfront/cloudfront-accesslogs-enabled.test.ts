import { describe, expect, it } from 'vitest';
import {
  loggingBucketName,
  cloudfrontAccesslogsEnabled as rule,
} from '#shared/rules/cloudfront/cloudfront-accesslogs-enabled';
import { distributionFixture, withDistributionConfig } from '#test/support/cloudfront';
import { evaluateFixture } from '#test/support/fixtures';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'storefront-hardened',
      'COMPLIANT',
      'Distribution E2QWRUHAPOMQZL (d1a2b3c4d5e6f7.cloudfront.net) delivers access logs to example-cdn-logs.',
    ],
    [
      'legacy-downloads-http',
      'NON_COMPLIANT',
      'Distribution E1LEGACY7H2K9Q (d9z8y7x6w5v4u3.cloudfront.net) does not deliver access logs to S3.',
    ],
    [
      'config-not-recorded',
      'NOT_APPLICABLE',
      'The logging settings of Distribution E4SUMMARY0NLY7 (d0f1e2d3c4b5a6.cloudfront.net) were not recorded.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, distributionFixture(name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['storefront-hardened', 'example-cdn-logs', 'COMPLIANT'],
    ['docs-preview-default-certificate', 'example-cdn-logs', 'NON_COMPLIANT'],
    ['docs-preview-default-certificate', 'team-scratch-logs', 'COMPLIANT'],
    ['legacy-downloads-http', 'example-cdn-logs', 'NON_COMPLIANT'],
  ] as const)('%s with S3BucketName %s is %s', (name, S3BucketName, compliance) => {
    const verdict = evaluateFixture(rule, distributionFixture(name), { parameters: { S3BucketName } });
    expect(verdict.compliance).toBe(compliance);
  });

  it('names the bucket it found when it is not the required one', () => {
    const verdict = evaluateFixture(rule, distributionFixture('docs-preview-default-certificate'), {
      parameters: { S3BucketName: 'example-cdn-logs' },
    });
    expect(verdict.annotation).toBe(
      'Distribution E3DEFCERT5M8RT (d5c4b3a2918273.cloudfront.net) logs to team-scratch-logs, not to example-cdn-logs.',
    );
  });

  it('fails logging switched on with no bucket (CloudFront refuses it, a broken record must not pass)', () => {
    const fixture = withDistributionConfig(distributionFixture('storefront-hardened'), {
      logging: { enabled: true, bucket: '', prefix: '' },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('gives no verdict when logging.enabled was not recorded as a boolean', () => {
    const fixture = withDistributionConfig(distributionFixture('storefront-hardened'), {
      logging: { bucket: 'example-cdn-logs.s3.amazonaws.com' },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it.each([
    ['example-cdn-logs.s3.amazonaws.com', 'example-cdn-logs'],
    ['logs.with.dots.s3.eu-west-1.amazonaws.com', 'logs.with.dots'],
    ['cn-logs.s3.cn-north-1.amazonaws.com.cn', 'cn-logs'],
    ['plain-name', 'plain-name'],
  ])('reads bucket %s as %s', (target, bucket) => {
    expect(loggingBucketName(target)).toBe(bucket);
  });
});
