import { describe, expect, it } from 'vitest';
import { elbDeletionProtectionEnabled as rule } from '#shared/rules/elb/elb-deletion-protection-enabled';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const V2 = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['alb-redirects-http-with-access-logs', 'COMPLIANT', 'payments-web has deletion protection enabled.'],
    ['alb-console-defaults', 'NON_COMPLIANT', 'marketing-site has deletion_protection.enabled=false.'],
    ['nlb-tcp', 'NON_COMPLIANT', 'mqtt-ingest has deletion_protection.enabled=false.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(V2, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['no attributes recorded', undefined],
    [
      'attributes recorded without deletion_protection.enabled',
      [{ key: 'idle_timeout.timeout_seconds', value: '60' }],
    ],
  ])('gives no verdict with %s', (_case, attributes) => {
    const fixture = withSupplementary(loadFixture(V2, 'alb-console-defaults'), {
      LoadBalancerAttributes: attributes,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The deletion_protection.enabled attribute of marketing-site was not recorded.',
    });
  });

  it.each([
    ['TRUE', 'COMPLIANT'],
    ['', 'NON_COMPLIANT'],
  ] as const)('reads the API Key/Value spelling with value "%s" as %s', (value, compliance) => {
    const fixture = withSupplementary(loadFixture(V2, 'alb-console-defaults'), {
      LoadBalancerAttributes: [{ Key: 'deletion_protection.enabled', Value: value }],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });

  it('reports a deleted load balancer as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(V2, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
