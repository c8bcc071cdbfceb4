import { describe, expect, it } from 'vitest';
import { iamGroupHasUsersCheck as rule } from '#shared/rules/iam/iam-group-has-users-check';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const GROUP = 'AWS::IAM::Group';

/** The group as AWS Config records it: no Vigil `Users` key, members only as relationships. */
function recordedByConfig(name: string) {
  const fixture = loadFixture(GROUP, name);
  return { ...fixture, item: { ...fixture.item, supplementaryConfiguration: {} } };
}

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['developers-two-members', 'COMPLIANT', 'IAM group developers has 2 users.'],
    ['break-glass-empty-with-inline-policy', 'NON_COMPLIANT', 'IAM group break-glass has no users.'],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s by the members Vigil read', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(GROUP, name))).toEqual({ compliance, annotation });
  });

  it('passes a Config-recorded group on its relationships to IAM users', () => {
    expect(evaluateFixture(rule, recordedByConfig('developers-two-members'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'IAM group developers contains IAM users.',
    });
  });

  it('gives no verdict on a Config-recorded group without user relationships (empty, or not recorded)', () => {
    expect(evaluateFixture(rule, recordedByConfig('break-glass-empty-with-inline-policy'))).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The members of IAM group break-glass were not recorded.',
    });
  });

  it('trusts the Vigil key over relationships, and ignores a malformed one', () => {
    const emptied = withSupplementary(loadFixture(GROUP, 'developers-two-members'), { Users: [] });
    expect(evaluateFixture(rule, emptied).compliance).toBe('NON_COMPLIANT');
    const malformed = withSupplementary(loadFixture(GROUP, 'developers-two-members'), { Users: 'alice' });
    expect(evaluateFixture(rule, malformed).compliance).toBe('COMPLIANT');
    expect(evaluateFixture(rule, malformed).annotation).toBe('IAM group developers contains IAM users.');
  });

  it('counts one user in the singular', () => {
    const one = withSupplementary(loadFixture(GROUP, 'developers-two-members'), { Users: ['alice'] });
    expect(evaluateFixture(rule, one).annotation).toBe('IAM group developers has 1 user.');
  });
});
