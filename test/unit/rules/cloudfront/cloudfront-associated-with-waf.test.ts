import { describe, expect, it } from 'vitest';
import { cloudfrontAssociatedWithWaf as rule } from '#shared/rules/cloudfront/cloudfront-associated-with-waf';
import { distributionFixture, withDistributionConfig } from '#test/support/cloudfront';
import { evaluateFixture } from '#test/support/fixtures';

const EDGE_ACL =
  'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge-protect/3f9c2a1e-7b4d-4e8a-9c61-5d2e0f7a8b19';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'storefront-hardened',
      'COMPLIANT',
      `Distribution E2QWRUHAPOMQZL (d1a2b3c4d5e6f7.cloudfront.net) is protected by web ACL ${EDGE_ACL}.`,
    ],
    [
      'legacy-downloads-http',
      'NON_COMPLIANT',
      'Distribution E1LEGACY7H2K9Q (d9z8y7x6w5v4u3.cloudfront.net) is not associated with a WAF web ACL.',
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
    ['storefront-hardened', `${EDGE_ACL},other-acl`, 'COMPLIANT'],
    ['docs-preview-default-certificate', EDGE_ACL, 'NON_COMPLIANT'],
    ['legacy-downloads-http', EDGE_ACL, 'NON_COMPLIANT'],
  ] as const)('%s with wafWebAclIds %s is %s', (name, wafWebAclIds, compliance) => {
    const verdict = evaluateFixture(rule, distributionFixture(name), { parameters: { wafWebAclIds } });
    expect(verdict.compliance).toBe(compliance);
  });

  it('accepts a WAF Classic web ACL id as CloudFront records it', () => {
    const classic = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
    const fixture = withDistributionConfig(distributionFixture('legacy-downloads-http'), {
      webACLId: classic,
    });
    expect(evaluateFixture(rule, fixture, { parameters: { wafWebAclIds: classic } }).compliance).toBe(
      'COMPLIANT',
    );
  });
});
