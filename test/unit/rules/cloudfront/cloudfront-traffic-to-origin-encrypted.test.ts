import { describe, expect, it } from 'vitest';
import { cloudfrontTrafficToOriginEncrypted as rule } from '#shared/rules/cloudfront/cloudfront-traffic-to-origin-encrypted';
import { distributionFixture, withDistributionConfig } from '#test/support/cloudfront';
import { evaluateFixture } from '#test/support/fixtures';

const origin = (id: string, originProtocolPolicy: string) => ({
  id,
  domainName: `${id}.example.com`,
  customOriginConfig: { originProtocolPolicy, originSslProtocols: { quantity: 1, items: ['TLSv1.2'] } },
});

const behavior = (targetOriginId: string, viewerProtocolPolicy: string) => ({
  targetOriginId,
  viewerProtocolPolicy,
});

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'storefront-hardened',
      'COMPLIANT',
      'Distribution E2QWRUHAPOMQZL (d1a2b3c4d5e6f7.cloudfront.net) reaches its custom origins over HTTPS (or has none).',
    ],
    [
      'legacy-downloads-http',
      'NON_COMPLIANT',
      'Distribution E1LEGACY7H2K9Q (d9z8y7x6w5v4u3.cloudfront.net) sends traffic to legacy-web (match-viewer behind allow-all), status-page (http-only) over HTTP.',
    ],
    [
      'docs-preview-default-certificate',
      'COMPLIANT',
      'Distribution E3DEFCERT5M8RT (d5c4b3a2918273.cloudfront.net) reaches its custom origins over HTTPS (or has none).',
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
    ['https-only', 'allow-all', 'COMPLIANT'],
    ['match-viewer', 'redirect-to-https', 'COMPLIANT'],
    ['match-viewer', 'https-only', 'COMPLIANT'],
    ['match-viewer', 'allow-all', 'NON_COMPLIANT'],
    ['http-only', 'https-only', 'NON_COMPLIANT'],
  ] as const)('origin policy %s behind viewer policy %s is %s', (originPolicy, viewerPolicy, compliance) => {
    const fixture = withDistributionConfig(distributionFixture('storefront-hardened'), {
      origins: { quantity: 1, items: [origin('app', originPolicy)] },
      defaultCacheBehavior: behavior('app', viewerPolicy),
      cacheBehaviors: { quantity: 0 },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });

  it('judges a match-viewer origin by the behaviors that target it, not by another origin’s behavior', () => {
    const fixture = withDistributionConfig(distributionFixture('storefront-hardened'), {
      origins: { quantity: 2, items: [origin('app', 'match-viewer'), origin('old', 'https-only')] },
      defaultCacheBehavior: behavior('app', 'redirect-to-https'),
      cacheBehaviors: { quantity: 1, items: [{ pathPattern: '/old/*', ...behavior('old', 'allow-all') }] },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });
});
