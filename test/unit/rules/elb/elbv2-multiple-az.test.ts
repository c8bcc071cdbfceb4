import { describe, expect, it } from 'vitest';
import { elbv2MultipleAz as rule } from '#shared/rules/elb/elbv2-multiple-az';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { RuleParameterError } from '#shared/rules/parameters';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const V2 = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

const zone = (zoneName: string, subnetId: string) => ({ zoneName, subnetId, loadBalancerAddresses: [] });

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['nlb-tcp', 'COMPLIANT', 'mqtt-ingest is mapped to 2 Availability Zones (us-east-1a, us-east-1b).'],
    [
      'nlb-internal-one-zone',
      'NON_COMPLIANT',
      'syslog-relay is mapped to 1 Availability Zone (us-east-1a), fewer than 2.',
    ],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(V2, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['2 zones against minAvailabilityZones 3', 3, 'NON_COMPLIANT'],
    ['2 zones against minAvailabilityZones "2" as Config passes it', '2', 'COMPLIANT'],
  ] as const)('judges %s', (_case, minAvailabilityZones, compliance) => {
    const verdict = evaluateFixture(rule, loadFixture(V2, 'nlb-tcp'), {
      parameters: { minAvailabilityZones },
    });
    expect(verdict.compliance).toBe(compliance);
  });

  it('counts zones, not subnets: two subnets in one zone are one zone', () => {
    const fixture = withConfiguration(loadFixture(V2, 'nlb-tcp'), {
      availabilityZones: [zone('us-east-1a', 'subnet-0a1'), zone('us-east-1a', 'subnet-0b2')],
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'mqtt-ingest is mapped to 1 Availability Zone (us-east-1a), fewer than 2.',
    });
  });

  it.each([
    ['not recorded', undefined],
    ['an empty list', []],
    ['zones without names', [{ subnetId: 'subnet-0a1' }]],
  ])('gives no verdict when the zones are %s', (_case, availabilityZones) => {
    const fixture = withConfiguration(loadFixture(V2, 'nlb-tcp'), { availabilityZones });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The Availability Zones of mqtt-ingest were not recorded.',
    });
  });

  it.each([1, 11, 2.5])('refuses minAvailabilityZones %s, outside the page’s 2 to 10', (value) => {
    expect(() =>
      evaluateFixture(rule, loadFixture(V2, 'nlb-tcp'), { parameters: { minAvailabilityZones: value } }),
    ).toThrow(RuleParameterError);
  });

  it('reports a deleted load balancer as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(V2, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
