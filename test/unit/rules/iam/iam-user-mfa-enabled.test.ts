import { describe, expect, it } from 'vitest';
import { InvalidConfigurationItemError } from '#shared/config-item/errors';
import { RuleEngine } from '#shared/rules/engine';
import { iamUserMfaEnabled as rule } from '#shared/rules/iam/iam-user-mfa-enabled';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::IAM::User';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a user with an MFA device and names it', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'console-user-with-mfa'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'User alice has MFA device arn:aws:iam::123456789012:mfa/alice-yubikey.',
    });
  });

  it('fails a console user without MFA', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'console-user-without-mfa'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'User bob has no MFA device.',
    });
  });

  it('fails a user without console password and without MFA too', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'service-user-without-console')).compliance).toBe(
      'NON_COMPLIANT',
    );
  });

  it('is NOT_APPLICABLE when MFA devices were not collected (plain AWS Config item)', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'console-user-with-mfa'), { MfaDevices: undefined });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'MFA devices of user alice were not collected.',
    });
  });

  it('accepts an MFA device whose EnableDate is in epoch seconds, as the Config API gives timestamps', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'console-user-without-mfa'), {
      MfaDevices: [{ SerialNumber: 'arn:aws:iam::123456789012:mfa/bob-phone', EnableDate: 1763629642 }],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('rejects a malformed MfaDevices key, which the engine reports as ERROR', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'console-user-with-mfa'), {
      MfaDevices: { count: 1 },
    });
    expect(() => evaluateFixture(rule, fixture)).toThrow(InvalidConfigurationItemError);
    const [evaluation] = new RuleEngine([rule]).evaluate(fixture.item, {
      now: new Date(),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('ERROR');
    expect(evaluation?.annotation).toContain('supplementaryConfiguration.MfaDevices');
  });

  it('reports a deleted user as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date(),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
