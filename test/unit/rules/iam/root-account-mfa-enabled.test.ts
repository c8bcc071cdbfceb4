import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { rootAccountMfaEnabled as rule } from '#shared/rules/iam/root-account-mfa-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::::Account';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes an account whose root user has MFA', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'hardened'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'The root user has MFA enabled.',
    });
  });

  it('fails an account whose root user has no MFA', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'neglected'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'The root user has no MFA device (AccountMFAEnabled = 0).',
    });
  });

  it('does not mistake IAM users with MFA for root MFA', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'hardened'), {
      accountSummary: { AccountMFAEnabled: 0, MFADevices: 12, MFADevicesInUse: 12 },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    ['no account summary', undefined],
    ['a summary without AccountMFAEnabled', { Users: 3 }],
  ])('is NOT_APPLICABLE with %s', (_label, accountSummary) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'hardened'), { accountSummary });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it('evaluates through the engine', () => {
    const fixture = loadFixture(TYPE, 'neglected');
    const [evaluation] = new RuleEngine([rule]).evaluate(fixture.item, {
      now: new Date(),
      inventory: fixture.inventory,
    });
    expect(evaluation).toMatchObject({ ruleId: rule.id, compliance: 'NON_COMPLIANT', severity: 'critical' });
  });
});
