import { describe, expect, it } from 'vitest';
import { cloudfrontDefaultRootObjectConfigured as rule } from '#shared/rules/cloudfront/cloudfront-default-root-object-configured';
import { distributionFixture, withDistributionConfig } from '#test/support/cloudfront';
import { evaluateFixture } from '#test/support/fixtures';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'storefront-hardened',
      'COMPLIANT',
      'Distribution E2QWRUHAPOMQZL (d1a2b3c4d5e6f7.cloudfront.net) returns index.html for the root URL.',
    ],
    [
      'legacy-downloads-http',
      'NON_COMPLIANT',
      'Distribution E1LEGACY7H2K9Q (d9z8y7x6w5v4u3.cloudfront.net) has no default root object.',
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

  it.each([
    ['   ', 'NON_COMPLIANT'],
    [undefined, 'NON_COMPLIANT'],
    [null, 'NON_COMPLIANT'],
    ['app/index.html', 'COMPLIANT'],
  ] as const)('defaultRootObject %j is %s', (defaultRootObject, compliance) => {
    const fixture = withDistributionConfig(distributionFixture('storefront-hardened'), { defaultRootObject });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });
});
