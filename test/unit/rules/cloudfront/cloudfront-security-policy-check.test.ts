import { describe, expect, it } from 'vitest';
import { cloudfrontSecurityPolicyCheck as rule } from '#shared/rules/cloudfront/cloudfront-security-policy-check';
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
      'Distribution E2QWRUHAPOMQZL (d1a2b3c4d5e6f7.cloudfront.net) accepts viewers on TLSv1.2_2021.',
    ],
    [
      'legacy-downloads-http',
      'NON_COMPLIANT',
      'Distribution E1LEGACY7H2K9Q (d9z8y7x6w5v4u3.cloudfront.net) accepts viewers on TLSv1_2016, below TLSv1.2_2018.',
    ],
    [
      'docs-preview-default-certificate',
      'NON_COMPLIANT',
      'Distribution E3DEFCERT5M8RT (d5c4b3a2918273.cloudfront.net) accepts viewers on TLSv1, below TLSv1.2_2018.',
    ],
    [
      'config-not-recorded',
      'NOT_APPLICABLE',
      'The viewer security policy of Distribution E4SUMMARY0NLY7 (d0f1e2d3c4b5a6.cloudfront.net) was not recorded.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, distributionFixture(name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['SSLv3', 'NON_COMPLIANT'],
    ['TLSv1', 'NON_COMPLIANT'],
    ['TLSv1_2016', 'NON_COMPLIANT'],
    ['TLSv1.1_2016', 'NON_COMPLIANT'],
    ['TLSv1.2_2018', 'COMPLIANT'],
    ['TLSv1.2_2019', 'COMPLIANT'],
    ['TLSv1.2_2021', 'COMPLIANT'],
    ['TLSv1.2_2025', 'COMPLIANT'],
    ['TLSv1.3_2025', 'COMPLIANT'],
    ['TLSv9_2099', 'NOT_APPLICABLE'],
  ] as const)('minimumProtocolVersion %s is %s', (minimumProtocolVersion, compliance) => {
    const base = distributionFixture('storefront-hardened');
    const certificate = distributionConfigField(base, 'viewerCertificate');
    const fixture = withDistributionConfig(base, {
      viewerCertificate: { ...certificate, minimumProtocolVersion },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });
});
