import { describe, expect, it } from 'vitest';
import { elbCrossZoneLoadBalancingEnabled as rule } from '#shared/rules/elb/elb-cross-zone-load-balancing-enabled';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const CLASSIC = 'AWS::ElasticLoadBalancing::LoadBalancer';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['tls-only-with-access-logs', 'COMPLIANT', 'legacy-web has cross-zone load balancing enabled.'],
    [
      'iam-certificate-legacy-tls-one-zone',
      'NON_COMPLIANT',
      'partner-sftp-gw has cross-zone load balancing disabled.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(CLASSIC, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['the API PascalCase spelling, enabled', { CrossZoneLoadBalancing: { Enabled: true } }, 'COMPLIANT'],
    ['a string "false"', { crossZoneLoadBalancing: { enabled: 'false' } }, 'NON_COMPLIANT'],
  ] as const)('reads %s', (_case, attributes, compliance) => {
    const fixture = withSupplementary(loadFixture(CLASSIC, 'tls-only-with-access-logs'), {
      LoadBalancerAttributes: attributes,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });

  it.each([
    ['no attributes recorded', undefined],
    ['attributes without crossZoneLoadBalancing', { accessLog: { enabled: true } }],
    ['an unreadable value', { crossZoneLoadBalancing: { enabled: 'yes' } }],
  ])('gives no verdict with %s', (_case, attributes) => {
    const fixture = withSupplementary(loadFixture(CLASSIC, 'tls-only-with-access-logs'), {
      LoadBalancerAttributes: attributes,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The cross-zone load balancing attribute of legacy-web was not recorded.',
    });
  });
});
