import { describe, expect, it } from 'vitest';
import { elbTlsHttpsListenersOnly as rule } from '#shared/rules/elb/elb-tls-https-listeners-only';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::ElasticLoadBalancing::LoadBalancer';
const secure = () => loadFixture(TYPE, 'tls-only-with-access-logs');

function listener(protocol: string | undefined, loadBalancerPort: number) {
  return {
    listener: { protocol, loadBalancerPort, instanceProtocol: 'HTTP', instancePort: 8080 },
    policyNames: [],
  };
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a load balancer with HTTPS and SSL listeners only', () => {
    expect(evaluateFixture(rule, secure())).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Every listener of Classic Load Balancer legacy-web uses HTTPS or SSL.',
    });
  });

  it('fails a load balancer with an HTTP listener and names it', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'http-listener-no-access-logs'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Classic Load Balancer legacy-admin has listeners without TLS: HTTP:80.',
    });
  });

  it.each([
    ['a TCP listener', [listener('TCP', 5000)], 'NON_COMPLIANT'],
    ['lower-case https', [listener('https', 443)], 'COMPLIANT'],
    ['a listener without a recorded protocol (not collected)', [listener(undefined, 443)], 'NOT_APPLICABLE'],
    [
      'a TCP listener beside one without a recorded protocol',
      [listener('TCP', 80), listener(undefined, 443)],
      'NON_COMPLIANT',
    ],
    ['no listeners', [], 'NOT_APPLICABLE'],
    ['null listener descriptions', null, 'NOT_APPLICABLE'],
  ] as const)('judges %s as %s', (_label, listenerDescriptions, expected) => {
    const fixture = withConfiguration(secure(), { listenerDescriptions });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it('reports a deleted load balancer as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
