import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { accessKeysRotated as rule } from '#shared/rules/iam/access-keys-rotated';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::IAM::User';
const NOW = new Date('2026-11-23T12:00:00Z');
const key = (id: string, status: string, createDate: string) => ({
  AccessKeyId: id,
  Status: status,
  CreateDate: createDate,
});

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a user whose active key is 30 days old, ignoring an old inactive key', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'console-user-with-mfa'), { now: NOW })).toEqual({
      compliance: 'COMPLIANT',
      annotation: "User alice's active access keys are at most 30 days old (limit 90).",
    });
  });

  it('fails a user with a 400-day-old active key and names the key', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'console-user-without-mfa'), { now: NOW })).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'User bob has active access keys older than 90 days: AKIAQ3EXAMPLEBOB0002 (400 days).',
    });
  });

  it.each([
    ['2026-08-25T12:00:00Z', 'COMPLIANT'],
    ['2026-08-24T12:00:00Z', 'NON_COMPLIANT'],
  ] as const)('judges an active key created %s (90/91 days) as %s', (createDate, expected) => {
    const fixture = withSupplementary(loadFixture(TYPE, 'console-user-with-mfa'), {
      AccessKeys: [key('AKIAQ3EXAMPLEEDGE001', 'Active', createDate)],
    });
    expect(evaluateFixture(rule, fixture, { now: NOW }).compliance).toBe(expected);
  });

  it('passes a user without active keys', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'console-user-without-mfa'), {
      AccessKeys: [key('AKIAQ3EXAMPLEBOB0002', 'Inactive', '2020-01-01T00:00:00Z')],
    });
    expect(evaluateFixture(rule, fixture, { now: NOW })).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'User bob has no active access key.',
    });
  });

  it('honours maxAccessKeyAge passed as a string', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'service-user-without-console'), {
      now: NOW,
      parameters: { maxAccessKeyAge: '30' },
    });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });

  it('is NOT_APPLICABLE when access keys were not collected', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'console-user-without-mfa'), {
      AccessKeys: undefined,
    });
    expect(evaluateFixture(rule, fixture, { now: NOW }).compliance).toBe('NOT_APPLICABLE');
  });

  it('reports a deleted user as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: NOW,
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
