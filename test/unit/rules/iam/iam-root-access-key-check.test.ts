import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { iamRootAccessKeyCheck as rule } from '#shared/rules/iam/iam-root-access-key-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::::Account';
const summary = () =>
  loadFixture(TYPE, 'hardened').item.configuration?.accountSummary as Record<string, number>;

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes an account whose root user has no access keys', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'hardened'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'The root user has no access keys.',
    });
  });

  it('fails an account whose root user has an access key', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'neglected'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'The root user has access keys (AccountAccessKeysPresent = 1).',
    });
  });

  it.each([
    ['no account summary', undefined],
    ['a summary without AccountAccessKeysPresent', { Users: 3 }],
  ])('is NOT_APPLICABLE with %s', (_label, accountSummary) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'hardened'), { accountSummary });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it('fails two root access keys too', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'hardened'), {
      accountSummary: { ...summary(), AccountAccessKeysPresent: 2 },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('is NOT_APPLICABLE on the empty account item a scan synthesizes', () => {
    const [evaluation] = new RuleEngine([rule]).scan(
      [loadFixture('AWS::CloudTrail::Trail', 'multi-region-secure').item],
      {
        now: new Date(),
      },
    );
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
