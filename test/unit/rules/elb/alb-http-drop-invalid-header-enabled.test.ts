import { describe, expect, it } from 'vitest';
import { albHttpDropInvalidHeaderEnabled as rule } from '#shared/rules/elb/alb-http-drop-invalid-header-enabled';
import { evaluateFixture, loadFixture, withConfiguration, withSupplementary } from '#test/support/fixtures';

const V2 = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const ATTRIBUTE = 'routing.http.drop_invalid_header_fields.enabled';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['alb-redirects-http-with-access-logs', 'COMPLIANT', 'payments-web drops invalid HTTP header fields.'],
    [
      'alb-console-defaults',
      'NON_COMPLIANT',
      `marketing-site forwards invalid HTTP header fields (${ATTRIBUTE}=false).`,
    ],
    [
      'nlb-tcp',
      'NOT_APPLICABLE',
      'mqtt-ingest is a network load balancer, not an Application Load Balancer.',
    ],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(V2, name))).toEqual({ compliance, annotation });
  });

  it('gives no verdict on an ALB whose attributes were not recorded', () => {
    const fixture = withSupplementary(loadFixture(V2, 'alb-console-defaults'), {
      LoadBalancerAttributes: null,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: `The ${ATTRIBUTE} attribute of marketing-site was not recorded.`,
    });
  });

  it('gives no verdict when the load balancer type was not recorded, rather than guessing it is an ALB', () => {
    const fixture = withConfiguration(loadFixture(V2, 'alb-console-defaults'), { type: undefined });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The type of load balancer marketing-site was not recorded.',
    });
  });

  it.each([
    ['gateway', 'NOT_APPLICABLE'],
    ['APPLICATION', 'NON_COMPLIANT'],
  ] as const)('treats type %s as %s', (type, compliance) => {
    const fixture = withConfiguration(loadFixture(V2, 'alb-console-defaults'), { type });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });
});
