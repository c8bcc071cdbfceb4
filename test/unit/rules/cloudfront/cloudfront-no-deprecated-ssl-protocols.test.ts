import { describe, expect, it } from 'vitest';
import { cloudfrontNoDeprecatedSslProtocols as rule } from '#shared/rules/cloudfront/cloudfront-no-deprecated-ssl-protocols';
import { distributionFixture, withDistributionConfig } from '#test/support/cloudfront';
import { evaluateFixture } from '#test/support/fixtures';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'storefront-hardened',
      'COMPLIANT',
      'Distribution E2QWRUHAPOMQZL (d1a2b3c4d5e6f7.cloudfront.net) offers no custom origin SSLv3.',
    ],
    [
      'legacy-downloads-http',
      'NON_COMPLIANT',
      'Distribution E1LEGACY7H2K9Q (d9z8y7x6w5v4u3.cloudfront.net) offers SSLv3 to legacy-web.',
    ],
    [
      'docs-preview-default-certificate',
      'COMPLIANT',
      'Distribution E3DEFCERT5M8RT (d5c4b3a2918273.cloudfront.net) offers no custom origin SSLv3.',
    ],
    [
      'config-not-recorded',
      'NOT_APPLICABLE',
      'The origins of Distribution E4SUMMARY0NLY7 (d0f1e2d3c4b5a6.cloudfront.net) were not recorded.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, distributionFixture(name))).toEqual({ compliance, annotation });
  });

  it.each([
    [['TLSv1', 'TLSv1.1', 'TLSv1.2'], 'COMPLIANT'],
    [['SSLv3'], 'NON_COMPLIANT'],
    [['TLSv1.2', 'SSLv3'], 'NON_COMPLIANT'],
  ] as const)('originSslProtocols %j is %s', (items, compliance) => {
    const fixture = withDistributionConfig(distributionFixture('storefront-hardened'), {
      origins: {
        quantity: 1,
        items: [
          {
            id: 'app',
            domainName: 'app.example.com',
            customOriginConfig: {
              originProtocolPolicy: 'https-only',
              originSslProtocols: { quantity: items.length, items },
            },
          },
        ],
      },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });
});
