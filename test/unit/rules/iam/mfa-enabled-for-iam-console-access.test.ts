import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { mfaEnabledForIamConsoleAccess as rule } from '#shared/rules/iam/mfa-enabled-for-iam-console-access';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::IAM::User';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a console user with MFA', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'console-user-with-mfa'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Console user alice has MFA enabled.',
    });
  });

  it('fails a console user without MFA', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'console-user-without-mfa'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'User bob can sign in to the console with a password and has no MFA device.',
    });
  });

  it('does not apply to a user without a console password', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'service-user-without-console'))).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'User ci-deployer has no console password.',
    });
  });

  it.each([
    ['LoginProfile', 'Console password status of user bob was not collected.'],
    ['MfaDevices', 'MFA devices of user bob were not collected.'],
  ])('is NOT_APPLICABLE when %s was not collected', (key, annotation) => {
    const fixture = withSupplementary(loadFixture(TYPE, 'console-user-without-mfa'), { [key]: undefined });
    expect(evaluateFixture(rule, fixture)).toEqual({ compliance: 'NOT_APPLICABLE', annotation });
  });

  it('fails a user whose console password was just created and has no MFA yet', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'service-user-without-console'), {
      LoginProfile: { CreateDate: '2026-11-23T11:00:00Z', PasswordResetRequired: true },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('reports a deleted user as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date(),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
