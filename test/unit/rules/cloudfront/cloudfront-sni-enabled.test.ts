import { describe, expect, it } from 'vitest';
import { cloudfrontSniEnabled as rule } from '#shared/rules/cloudfront/cloudfront-sni-enabled';
import { distributionFixture, withDistributionConfig } from '#test/support/cloudfront';
import { evaluateFixture } from '#test/support/fixtures';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'storefront-hardened',
      'COMPLIANT',
      'Distribution E2QWRUHAPOMQZL (d1a2b3c4d5e6f7.cloudfront.net) serves its custom certificate with SNI.',
    ],
    [
      'legacy-downloads-http',
      'NON_COMPLIANT',
      'Distribution E1LEGACY7H2K9Q (d9z8y7x6w5v4u3.cloudfront.net) serves its custom certificate from dedicated IP addresses (vip).',
    ],
    [
      'docs-preview-default-certificate',
      'NOT_APPLICABLE',
      'Distribution E3DEFCERT5M8RT (d5c4b3a2918273.cloudfront.net) uses the CloudFront default certificate.',
    ],
    [
      'config-not-recorded',
      'NOT_APPLICABLE',
      'The viewer certificate of Distribution E4SUMMARY0NLY7 (d0f1e2d3c4b5a6.cloudfront.net) was not recorded.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, distributionFixture(name))).toEqual({ compliance, annotation });
  });

  it.each([
    [
      {
        acmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x',
        sslSupportMethod: 'static-ip',
      },
      'NON_COMPLIANT',
    ],
    [{ iamCertificateId: 'ASCAEXAMPLE', sslSupportMethod: 'sni-only' }, 'COMPLIANT'],
    [{ acmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' }, 'NOT_APPLICABLE'],
    [{ cloudFrontDefaultCertificate: true, sslSupportMethod: 'vip' }, 'NOT_APPLICABLE'],
    [{ acmCertificateArn: '', iamCertificateId: '', sslSupportMethod: 'vip' }, 'NOT_APPLICABLE'],
  ] as const)('viewer certificate %j is %s', (viewerCertificate, compliance) => {
    const fixture = withDistributionConfig(distributionFixture('storefront-hardened'), { viewerCertificate });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });
});
