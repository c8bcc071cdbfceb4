import { describe, expect, it } from 'vitest';
import { iamUserGroupMembershipCheck as rule } from '#shared/rules/iam/iam-user-group-membership-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const USER = 'AWS::IAM::User';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['console-user-with-mfa', 'COMPLIANT'],
    ['service-user-without-console', 'NON_COMPLIANT'],
    ['console-user-without-mfa', 'NON_COMPLIANT'],
    ['deleted', 'NOT_APPLICABLE'],
  ] as const)('judges %s as %s', (name, compliance) => {
    expect(evaluateFixture(rule, loadFixture(USER, name)).compliance).toBe(compliance);
  });

  it.each([
    ['Engineers', 'COMPLIANT'],
    ['Admins, Engineers', 'COMPLIANT'],
    ['Admins', 'NON_COMPLIANT'],
    ['engineers', 'NON_COMPLIANT'],
  ] as const)('with groupNames "%s" a member of Engineers is %s', (groupNames, compliance) => {
    const verdict = evaluateFixture(rule, loadFixture(USER, 'console-user-with-mfa'), {
      parameters: { groupNames },
    });
    expect(verdict.compliance).toBe(compliance);
  });

  it('gives no verdict when the groups were not recorded', () => {
    const fixture = withConfiguration(loadFixture(USER, 'service-user-without-console'), {
      groupList: undefined,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });
});
