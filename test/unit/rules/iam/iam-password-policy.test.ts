import { describe, expect, it } from 'vitest';
import { iamPasswordPolicy as rule } from '#shared/rules/iam/iam-password-policy';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::::Account';
const STRONG = {
  MinimumPasswordLength: 16,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  ExpirePasswords: true,
  MaxPasswordAge: 90,
  PasswordReusePrevention: 24,
  HardExpiry: false,
};
const withPolicy = (patch: Record<string, unknown>) =>
  withConfiguration(loadFixture(TYPE, 'hardened'), { passwordPolicy: { ...STRONG, ...patch } });

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a policy meeting every default requirement', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'hardened'))).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'Password policy requires 16 characters, all required classes, blocks reuse of 24 and expires after 90 days.',
    });
  });

  it('fails an account without a password policy (IAM defaults)', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'neglected'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'The account has no password policy; IAM defaults apply.',
    });
  });

  it('is NOT_APPLICABLE when the policy was not collected', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'hardened'), { passwordPolicy: undefined });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it.each([
    [{ RequireUppercaseCharacters: false }, 'RequireUppercaseCharacters is off'],
    [{ RequireLowercaseCharacters: undefined }, 'RequireLowercaseCharacters is off'],
    [{ RequireSymbols: false }, 'RequireSymbols is off'],
    [{ RequireNumbers: false }, 'RequireNumbers is off'],
    [{ MinimumPasswordLength: 13 }, 'MinimumPasswordLength 13 < 14'],
    [{ MinimumPasswordLength: undefined }, 'MinimumPasswordLength unset < 14'],
    [{ PasswordReusePrevention: 5 }, 'PasswordReusePrevention 5 < 24'],
    [{ PasswordReusePrevention: undefined }, 'PasswordReusePrevention unset < 24'],
    [{ MaxPasswordAge: 91 }, 'MaxPasswordAge 91 > 90'],
    [
      { ExpirePasswords: false, MaxPasswordAge: undefined },
      'MaxPasswordAge unset (passwords never expire) > 90',
    ],
    [{ MaxPasswordAge: 0 }, 'MaxPasswordAge unset (passwords never expire) > 90'],
  ])('fails a policy with %o and says "%s"', (patch, gap) => {
    const verdict = evaluateFixture(rule, withPolicy(patch));
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toBe(`Password policy falls short: ${gap}.`);
  });

  it.each([
    [{ MinimumPasswordLength: 14, PasswordReusePrevention: 24, MaxPasswordAge: 90 }],
    [{ MinimumPasswordLength: 128, PasswordReusePrevention: 24, MaxPasswordAge: 1 }],
  ])('passes boundary values %o', (patch) => {
    expect(evaluateFixture(rule, withPolicy(patch)).compliance).toBe('COMPLIANT');
  });

  it('lists every gap of a weak policy', () => {
    const verdict = evaluateFixture(
      rule,
      withPolicy({ MinimumPasswordLength: 8, RequireSymbols: false, PasswordReusePrevention: undefined }),
    );
    expect(verdict.annotation).toBe(
      'Password policy falls short: RequireSymbols is off; MinimumPasswordLength 8 < 14; PasswordReusePrevention unset < 24.',
    );
  });

  it('honours parameters passed as strings, as AWS Config does', () => {
    const weak = withPolicy({ RequireSymbols: false, MinimumPasswordLength: 10, MaxPasswordAge: 180 });
    const verdict = evaluateFixture(rule, weak, {
      parameters: { RequireSymbols: 'false', MinimumPasswordLength: '10', MaxPasswordAge: '365' },
    });
    expect(verdict.compliance).toBe('COMPLIANT');
  });
});
