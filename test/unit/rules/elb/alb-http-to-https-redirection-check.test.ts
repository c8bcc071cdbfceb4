import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { albHttpToHttpsRedirectionCheck as rule } from '#shared/rules/elb/alb-http-to-https-redirection-check';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory, EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, type Fixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const redirecting = () => loadFixture(TYPE, 'alb-redirects-http-with-access-logs');

/** The fixture with the HTTP listener's default actions replaced. */
function withHttpActions(fixture: Fixture, DefaultActions: unknown): Fixture {
  const listeners = fixture.inventory
    .itemsOfType(LISTENER)
    .map(
      (listener): ConfigurationItem =>
        listener.configuration?.Protocol === 'HTTP'
          ? { ...listener, configuration: { ...listener.configuration, DefaultActions } }
          : listener,
    );
  return { ...fixture, inventory: createInventory([fixture.item, ...listeners]) };
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes an ALB whose HTTP listener redirects to HTTPS', () => {
    expect(evaluateFixture(rule, redirecting())).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Every HTTP listener of payments-web redirects to HTTPS (HTTP:80).',
    });
  });

  it('fails an ALB whose HTTP listener forwards to targets', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'alb-forwards-http-no-access-logs'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'HTTP listeners of internal-tools do not redirect to HTTPS: HTTP:80 (forward).',
    });
  });

  it.each([
    [
      'a redirect to #{protocol}',
      [{ Type: 'redirect', RedirectConfig: { Protocol: '#{protocol}', Port: '8080' } }],
      'NON_COMPLIANT',
    ],
    [
      'a redirect to HTTP',
      [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTP', Host: 'example.com' } }],
      'NON_COMPLIANT',
    ],
    [
      'a fixed 404 response',
      [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
      'NON_COMPLIANT',
    ],
    // ELBv2 always gives a listener's default actions: none recorded means not collected.
    ['no recorded default action', [], 'NOT_APPLICABLE'],
    [
      'a lower-case https redirect',
      [{ Type: 'redirect', RedirectConfig: { Protocol: 'https' } }],
      'COMPLIANT',
    ],
  ] as const)('judges an HTTP listener with %s as %s', (_label, actions, expected) => {
    expect(evaluateFixture(rule, withHttpActions(redirecting(), actions)).compliance).toBe(expected);
  });

  it('still fails a forwarding HTTP listener when another listener has no recorded protocol', () => {
    const fixture = withHttpActions(redirecting(), [{ Type: 'forward', TargetGroupArn: 'arn:tg' }]);
    const others = fixture.inventory.itemsOfType(LISTENER).map((listener) => ({
      ...listener,
      resourceId: `${listener.resourceId}-x`,
      configuration: { ...listener.configuration, Protocol: undefined },
    }));
    const inventory = createInventory([...fixture.inventory.itemsOfType(LISTENER), ...others, fixture.item]);
    expect(evaluateFixture(rule, { ...fixture, inventory }).compliance).toBe('NON_COMPLIANT');
  });

  it('says where a wrong redirect goes', () => {
    const fixture = withHttpActions(redirecting(), [
      { Type: 'redirect', RedirectConfig: { Protocol: 'HTTP' } },
    ]);
    expect(evaluateFixture(rule, fixture).annotation).toContain('HTTP:80 (redirects to HTTP)');
  });

  it('passes an ALB with only HTTPS listeners', () => {
    const base = redirecting();
    const httpsOnly = base.inventory
      .itemsOfType(LISTENER)
      .filter((l) => l.configuration?.Protocol === 'HTTPS');
    const fixture = { ...base, inventory: createInventory([base.item, ...httpsOnly]) };
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'payments-web has no HTTP listener.',
    });
  });

  it('ignores listeners of other load balancers and deleted listeners', () => {
    const base = redirecting();
    const foreign = loadFixture(TYPE, 'alb-forwards-http-no-access-logs').inventory.itemsOfType(LISTENER);
    const deleted = foreign.map((listener) => ({
      ...listener,
      status: 'ResourceDeleted' as const,
      resourceId: `${listener.resourceId}-x`,
      configuration: { ...listener.configuration, LoadBalancerArn: base.item.resourceId },
    }));
    const fixture = {
      ...base,
      inventory: createInventory([
        base.item,
        ...base.inventory.itemsOfType(LISTENER),
        ...foreign,
        ...deleted,
      ]),
    };
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('is NOT_APPLICABLE to a Network Load Balancer', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'nlb-tcp'))).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'mqtt-ingest is a network load balancer, not an Application Load Balancer.',
    });
  });

  it('is NOT_APPLICABLE when no listener is recorded', () => {
    expect(evaluateFixture(rule, { ...redirecting(), inventory: EMPTY_INVENTORY }).compliance).toBe(
      'NOT_APPLICABLE',
    );
  });

  it('treats a load balancer of unrecorded type as an ALB', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'alb-forwards-http-no-access-logs'), {
      type: undefined,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('declares that it reads listeners', () => {
    expect(new RuleEngine([rule]).rulesReading(LISTENER)).toContain(rule);
  });

  it('reports a deleted load balancer as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
