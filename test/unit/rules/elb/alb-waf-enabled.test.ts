import { describe, expect, it } from 'vitest';
import { albWafEnabled as rule } from '#shared/rules/elb/alb-waf-enabled';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const V2 = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const PAYMENTS_EDGE =
  'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/payments-edge/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['alb-behind-waf', 'COMPLIANT', `payments-web is protected by web ACL ${PAYMENTS_EDGE}.`],
    ['alb-no-waf', 'NON_COMPLIANT', 'internal-tools is not protected by a WAF web ACL.'],
    ['alb-console-defaults', 'NOT_APPLICABLE', 'The WAF association of marketing-site was not recorded.'],
    [
      'nlb-tcp',
      'NOT_APPLICABLE',
      'mqtt-ingest is a network load balancer; AWS WAF protects Application Load Balancers.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(V2, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [PAYMENTS_EDGE, 'COMPLIANT'],
    ['9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', 'COMPLIANT'],
    ['arn:aws:wafv2:us-east-1:123456789012:regional/webacl/other/0000', 'NON_COMPLIANT'],
  ] as const)('an ALB behind payments-edge with wafWebAclIds %s is %s', (wafWebAclIds, compliance) => {
    const verdict = evaluateFixture(rule, loadFixture(V2, 'alb-behind-waf'), {
      parameters: { wafWebAclIds },
    });
    expect(verdict.compliance).toBe(compliance);
  });

  it("reads Config's waf.enabled attribute when Vigil's WebACLArn is absent", () => {
    const base = loadFixture(V2, 'alb-console-defaults');
    const attributes = base.item.supplementaryConfiguration.LoadBalancerAttributes as unknown[];
    const withFlag = (value: string) =>
      withSupplementary(base, { LoadBalancerAttributes: [...attributes, { key: 'waf.enabled', value }] });
    expect(evaluateFixture(rule, withFlag('true')).compliance).toBe('COMPLIANT');
    expect(evaluateFixture(rule, withFlag('false')).compliance).toBe('NON_COMPLIANT');
    expect(evaluateFixture(rule, withFlag('true'), { parameters: { wafWebAclIds: PAYMENTS_EDGE } })).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'marketing-site has a web ACL, but which one was not recorded.',
    });
  });

  it.each([
    ['', 'NOT_APPLICABLE'],
    [42, 'NOT_APPLICABLE'],
    [null, 'NON_COMPLIANT'],
  ] as const)('WebACLArn %j is %s (only null means none)', (WebACLArn, compliance) => {
    const fixture = withSupplementary(loadFixture(V2, 'alb-console-defaults'), { WebACLArn });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });
});
