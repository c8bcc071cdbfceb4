import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { vpcDefaultSecurityGroupClosed as rule } from '#shared/rules/vpc/vpc-default-security-group-closed';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::EC2::SecurityGroup';
const closed = () => loadFixture(TYPE, 'default-group-closed');

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a default group without rules', () => {
    expect(evaluateFixture(rule, closed())).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Default security group sg-0f5a7b9c1d3e5f7a9 of vpc-0f1e2d3c4b5a69788 has no rules.',
    });
  });

  it('fails a default group with the rules AWS creates it with', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'default-group-with-rules'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Default security group sg-0a6b8c0d2e4f6a8b0 of vpc-0a9b8c7d6e5f4a3b2 has 1 inbound rule (all traffic) and 1 outbound rule (all traffic).',
    });
  });

  it.each([
    ['only an outbound rule', { ipPermissionsEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443 }] }],
    ['only an inbound rule', { ipPermissions: [{ ipProtocol: 'udp', fromPort: 53, toPort: 53 }] }],
  ])('fails a default group with %s', (_label, patch) => {
    expect(evaluateFixture(rule, withConfiguration(closed(), patch)).compliance).toBe('NON_COMPLIANT');
  });

  it('summarizes many rules briefly', () => {
    const rule443 = { ipProtocol: 'tcp', fromPort: 443, toPort: 443 };
    const fixture = withConfiguration(closed(), { ipPermissions: [rule443, rule443, rule443, rule443] });
    expect(evaluateFixture(rule, fixture).annotation).toContain(
      '4 inbound rules (tcp 443, tcp 443 and 2 more)',
    );
  });

  it.each([
    ['absent', undefined],
    ['null', null],
  ])('gives no verdict on a default group whose rule lists are %s (not collected)', (_label, value) => {
    const fixture = withConfiguration(closed(), { ipPermissions: value, ipPermissionsEgress: value });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('inbound and outbound rules');
  });

  it('still gives no verdict when only the outbound list was not recorded', () => {
    const fixture = withConfiguration(closed(), { ipPermissionsEgress: undefined });
    expect(evaluateFixture(rule, fixture).annotation).toContain(
      'The outbound rules of default security group',
    );
  });

  it('is NOT_APPLICABLE to a group with another name, even when open', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'all-traffic-open')).compliance).toBe('NOT_APPLICABLE');
  });

  it('reports a deleted group as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
