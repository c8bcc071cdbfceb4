import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { iamUserUnusedCredentialsCheck as rule } from '#shared/rules/iam/iam-user-unused-credentials-check';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::IAM::User';
const NOW = new Date('2026-11-23T12:00:00Z');

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a user who used password and key this week', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'console-user-with-mfa'), { now: NOW })).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'User alice used every credential within 90 days.',
    });
  });

  it('fails a user whose password and key sat unused for months, and lists both', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'console-user-without-mfa'), { now: NOW })).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'User bob: password last used 149 days ago; key AKIAQ3EXAMPLEBOB0002 last used 200 days ago (limit 90).',
    });
  });

  it('passes a service user whose key was used today', () => {
    expect(
      evaluateFixture(rule, loadFixture(TYPE, 'service-user-without-console'), { now: NOW }).compliance,
    ).toBe('COMPLIANT');
  });

  it('passes a user with no password and no active key', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'service-user-without-console'), { AccessKeys: [] });
    expect(evaluateFixture(rule, fixture, { now: NOW }).annotation).toBe(
      'User ci-deployer has no console password and no active access key.',
    );
  });

  it.each([
    ['created 100 days ago', '2026-08-15T12:00:00Z', 'NON_COMPLIANT'],
    ['created 10 days ago', '2026-11-13T12:00:00Z', 'COMPLIANT'],
  ] as const)('judges a never-used key %s as %s', (_label, createDate, expected) => {
    const fixture = withSupplementary(loadFixture(TYPE, 'service-user-without-console'), {
      AccessKeys: [
        { AccessKeyId: 'AKIAQ3EXAMPLENEVER01', Status: 'Active', CreateDate: createDate, LastUsedDate: null },
      ],
    });
    expect(evaluateFixture(rule, fixture, { now: NOW }).compliance).toBe(expected);
  });

  it('ignores inactive keys, however old', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'console-user-with-mfa'), {
      AccessKeys: [
        { AccessKeyId: 'AKIAQ3EXAMPLEOLD0001', Status: 'Inactive', CreateDate: '2019-01-01T00:00:00Z' },
      ],
    });
    expect(evaluateFixture(rule, fixture, { now: NOW }).compliance).toBe('COMPLIANT');
  });

  it('counts a password never used (null) from the day it was set', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'console-user-with-mfa'), { PasswordLastUsed: null });
    const verdict = evaluateFixture(rule, fixture, { now: NOW });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('password never used in 1378 days');
  });

  it('gives no verdict on an old password whose last use was not collected', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'console-user-with-mfa'), {
      PasswordLastUsed: undefined,
    });
    expect(evaluateFixture(rule, fixture, { now: NOW })).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation:
        'The last password use of user alice was not collected; the password is older than 90 days.',
    });
  });

  it('still fails a stale key when the last password use was not collected', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'console-user-without-mfa'), {
      PasswordLastUsed: undefined,
    });
    const verdict = evaluateFixture(rule, fixture, { now: NOW });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('key AKIAQ3EXAMPLEBOB0002 last used 200 days ago');
  });

  it('honours maxCredentialUsageAge', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'console-user-without-mfa'), {
      now: NOW,
      parameters: { maxCredentialUsageAge: 365 },
    });
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it('is NOT_APPLICABLE when the password status and keys were not collected', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'console-user-without-mfa'), {
      LoginProfile: undefined,
      AccessKeys: undefined,
    });
    expect(evaluateFixture(rule, fixture, { now: NOW })).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The console password status and access keys of user bob were not collected.',
    });
  });

  it('reports a deleted user as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: NOW,
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
