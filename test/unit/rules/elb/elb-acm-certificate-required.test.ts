import { describe, expect, it } from 'vitest';
import { elbAcmCertificateRequired as rule } from '#shared/rules/elb/elb-acm-certificate-required';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const CLASSIC = 'AWS::ElasticLoadBalancing::LoadBalancer';
const ACM = 'arn:aws:acm:us-east-1:123456789012:certificate/0d4c2a1e-7b9f-4e36-8a51-3c2d1e0f9a8b';

const listener = (protocol: string, port: number, sslcertificateId?: string) => ({
  listener: {
    protocol,
    loadBalancerPort: port,
    instanceProtocol: 'HTTP',
    instancePort: 8080,
    ...(sslcertificateId === undefined ? {} : { sslcertificateId }),
  },
  policyNames: [],
});

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'tls-only-with-access-logs',
      'COMPLIANT',
      'Every HTTPS/SSL listener of legacy-web uses an ACM certificate.',
    ],
    [
      'http-listener-no-access-logs',
      'COMPLIANT',
      'Every HTTPS/SSL listener of legacy-admin uses an ACM certificate.',
    ],
    [
      'iam-certificate-legacy-tls-one-zone',
      'NON_COMPLIANT',
      'partner-sftp-gw has listeners without an ACM certificate: HTTPS 443 uses arn:aws:iam::123456789012:server-certificate/partners.example.com-2025; SSL 990 uses arn:aws:iam::123456789012:server-certificate/partners.example.com-2025.',
    ],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(CLASSIC, name))).toEqual({ compliance, annotation });
  });

  it('fails a load balancer when one of several TLS listeners uses an IAM certificate', () => {
    const fixture = withConfiguration(loadFixture(CLASSIC, 'tls-only-with-access-logs'), {
      listenerDescriptions: [
        listener('HTTPS', 443, ACM),
        listener('https', 8443, 'arn:aws-cn:iam::123456789012:server-certificate/old'),
      ],
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'legacy-web has listeners without an ACM certificate: HTTPS 8443 uses arn:aws-cn:iam::123456789012:server-certificate/old.',
    });
  });

  it('accepts ACM certificates of other partitions', () => {
    const fixture = withConfiguration(loadFixture(CLASSIC, 'tls-only-with-access-logs'), {
      listenerDescriptions: [
        listener('SSL', 443, 'arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/abc'),
      ],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it.each([
    [
      'only HTTP and TCP listeners',
      [listener('HTTP', 80), listener('TCP', 25)],
      'legacy-web has no HTTPS or SSL listener.',
    ],
    ['listeners not recorded', undefined, 'The listeners of legacy-web were not recorded.'],
    [
      'an HTTPS listener whose certificate was not recorded',
      [listener('HTTPS', 443)],
      "The certificate of legacy-web's HTTPS listener on port 443 was not recorded.",
    ],
  ])('gives no verdict with %s', (_case, listenerDescriptions, annotation) => {
    const fixture = withConfiguration(loadFixture(CLASSIC, 'tls-only-with-access-logs'), {
      listenerDescriptions,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({ compliance: 'NOT_APPLICABLE', annotation });
  });
});
