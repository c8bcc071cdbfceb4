import { describe, expect, it } from 'vitest';
import { elbPredefinedSecurityPolicySslCheck as rule } from '#shared/rules/elb/elb-predefined-security-policy-ssl-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const CLASSIC = 'AWS::ElasticLoadBalancing::LoadBalancer';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'tls-only-with-access-logs',
      'COMPLIANT',
      'Every HTTPS/SSL listener of legacy-web uses ELBSecurityPolicy-TLS-1-2-2017-01.',
    ],
    [
      'iam-certificate-legacy-tls-one-zone',
      'NON_COMPLIANT',
      'partner-sftp-gw has listeners not on ELBSecurityPolicy-TLS-1-2-2017-01: HTTPS 443 uses partners-legacy-tls, AWSConsole-LBCookieStickinessPolicy-partner-sftp-gw-1520003444210.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s with the default policy', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(CLASSIC, name))).toEqual({ compliance, annotation });
  });

  it('judges against the predefinedPolicyName given', () => {
    const verdict = evaluateFixture(rule, loadFixture(CLASSIC, 'tls-only-with-access-logs'), {
      parameters: { predefinedPolicyName: 'ELBSecurityPolicy-TLS-1-1-2017-01' },
    });
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'legacy-web has listeners not on ELBSecurityPolicy-TLS-1-1-2017-01: HTTPS 443 uses ELBSecurityPolicy-TLS-1-2-2017-01; SSL 8443 uses ELBSecurityPolicy-TLS-1-2-2017-01.',
    });
  });

  it('ignores HTTP listeners, which carry no SSL policy', () => {
    expect(evaluateFixture(rule, loadFixture(CLASSIC, 'http-listener-no-access-logs')).compliance).toBe(
      'COMPLIANT',
    );
  });

  it('fails an HTTPS listener with no policy at all', () => {
    const fixture = withConfiguration(loadFixture(CLASSIC, 'tls-only-with-access-logs'), {
      listenerDescriptions: [{ listener: { protocol: 'HTTPS', loadBalancerPort: 443 }, policyNames: [] }],
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'legacy-web has listeners not on ELBSecurityPolicy-TLS-1-2-2017-01: HTTPS 443 uses no named policy.',
    });
  });

  it.each([
    [
      'only an HTTP listener',
      [{ listener: { protocol: 'HTTP', loadBalancerPort: 80 }, policyNames: [] }],
      'legacy-web has no HTTPS or SSL listener.',
    ],
    ['listeners not recorded', undefined, 'The listeners of legacy-web were not recorded.'],
    [
      'an SSL listener whose policy names were not recorded',
      [{ listener: { protocol: 'SSL', loadBalancerPort: 990 } }],
      "The policies of legacy-web's SSL listener on port 990 were not recorded.",
    ],
  ])('gives no verdict with %s', (_case, listenerDescriptions, annotation) => {
    const fixture = withConfiguration(loadFixture(CLASSIC, 'tls-only-with-access-logs'), {
      listenerDescriptions,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({ compliance: 'NOT_APPLICABLE', annotation });
  });
});
