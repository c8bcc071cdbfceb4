import { describe, expect, it } from 'vitest';
import { cloudfrontViewerPolicyHttps as rule } from '#shared/rules/cloudfront/cloudfront-viewer-policy-https';
import {
  distributionConfigField,
  distributionFixture,
  withDistributionConfig,
} from '#test/support/cloudfront';
import { evaluateFixture } from '#test/support/fixtures';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'storefront-hardened',
      'COMPLIANT',
      'Every cache behavior of Distribution E2QWRUHAPOMQZL (d1a2b3c4d5e6f7.cloudfront.net) redirects viewers to HTTPS or requires it.',
    ],
    [
      'legacy-downloads-http',
      'NON_COMPLIANT',
      'Distribution E1LEGACY7H2K9Q (d9z8y7x6w5v4u3.cloudfront.net) serves HTTP (allow-all) on Default.',
    ],
    [
      'config-not-recorded',
      'NOT_APPLICABLE',
      'The configuration of Distribution E4SUMMARY0NLY7 (d0f1e2d3c4b5a6.cloudfront.net) was not recorded.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, distributionFixture(name))).toEqual({ compliance, annotation });
  });

  it('fails a distribution whose default behavior is HTTPS but one path pattern allows HTTP', () => {
    const fixture = distributionFixture('storefront-hardened');
    const [api] = distributionConfigField(fixture, 'cacheBehaviors').items as Record<string, unknown>[];
    const patched = withDistributionConfig(fixture, {
      cacheBehaviors: { quantity: 1, items: [{ ...api, viewerProtocolPolicy: 'allow-all' }] },
    });
    expect(evaluateFixture(rule, patched)).toMatchObject({
      compliance: 'NON_COMPLIANT',
      annotation: expect.stringContaining('on /api/*'),
    });
  });

  it.each([
    ['redirect-to-https', 'COMPLIANT'],
    ['https-only', 'COMPLIANT'],
    ['allow-all', 'NON_COMPLIANT'],
    [undefined, 'NOT_APPLICABLE'],
  ] as const)('a default behavior with policy %s is %s', (viewerProtocolPolicy, compliance) => {
    const fixture = withDistributionConfig(distributionFixture('docs-preview-default-certificate'), {
      defaultCacheBehavior: { targetOriginId: 'docs-bucket', viewerProtocolPolicy },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });
});
