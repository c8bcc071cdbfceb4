import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { securityhubEnabled as rule } from '#shared/rules/securityhub/securityhub-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::::Account';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes an account with Security Hub enabled and names the hub', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'hardened'))).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'Security Hub is enabled in us-east-1 (arn:aws:securityhub:us-east-1:123456789012:hub/default).',
    });
  });

  it('fails an account without Security Hub', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'neglected'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Security Hub is not enabled in us-east-1.',
    });
  });

  it('passes an enabled hub whose ARN was not collected', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'hardened'), { securityHub: { enabled: true } });
    expect(evaluateFixture(rule, fixture).annotation).toBe('Security Hub is enabled in us-east-1.');
  });

  it('is NOT_APPLICABLE when the hub status was not collected', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'hardened'), { securityHub: undefined });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it('is NOT_APPLICABLE on the empty account item a scan synthesizes', () => {
    const [evaluation] = new RuleEngine([rule]).scan(
      [loadFixture('AWS::CloudTrail::Trail', 'multi-region-secure').item],
      {
        now: new Date(),
      },
    );
    expect(evaluation).toMatchObject({
      resourceType: TYPE,
      resourceId: '123456789012',
      compliance: 'NOT_APPLICABLE',
    });
  });
});
