import { describe, expect, it } from 'vitest';
import { iamNoInlinePolicyCheck as rule } from '#shared/rules/iam/iam-no-inline-policy-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const USER = 'AWS::IAM::User';
const GROUP = 'AWS::IAM::Group';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['console-user-with-mfa', 'COMPLIANT'],
    ['service-user-without-console', 'COMPLIANT'],
    ['console-user-without-mfa', 'NON_COMPLIANT'],
    ['deleted', 'NOT_APPLICABLE'],
  ] as const)('judges %s as %s', (name, compliance) => {
    expect(evaluateFixture(rule, loadFixture(USER, name)).compliance).toBe(compliance);
  });

  it('names the inline policy', () => {
    expect(evaluateFixture(rule, loadFixture(USER, 'console-user-without-mfa')).annotation).toMatch(
      /has 1 inline policy: bob-s3-scratch\.$/,
    );
  });

  it('counts several inline policies, unnamed ones included', () => {
    const fixture = withConfiguration(loadFixture(USER, 'service-user-without-console'), {
      userPolicyList: [{ policyName: 'a' }, { policyDocument: '%7B%7D' }],
    });
    expect(evaluateFixture(rule, fixture).annotation).toMatch(/has 2 inline policies: a, \(unnamed\)\.$/);
  });

  it('gives no verdict when the inline policies were not recorded', () => {
    const fixture = withConfiguration(loadFixture(USER, 'console-user-without-mfa'), {
      userPolicyList: undefined,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it.each([
    ['developers-two-members', 'COMPLIANT', 'IAM group developers has no inline policies.'],
    [
      'break-glass-empty-with-inline-policy',
      'NON_COMPLIANT',
      'IAM group break-glass has 1 inline policy: emergency-admin.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges the group %s as %s by groupPolicyList', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(GROUP, name))).toEqual({ compliance, annotation });
  });

  it('reads a group’s groupPolicyList, never a userPolicyList on it', () => {
    const fixture = withConfiguration(loadFixture(GROUP, 'developers-two-members'), {
      userPolicyList: [{ policyName: 'stray' }],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
    const unrecorded = withConfiguration(loadFixture(GROUP, 'developers-two-members'), {
      groupPolicyList: undefined,
    });
    expect(evaluateFixture(rule, unrecorded)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The inline policies of IAM group developers were not recorded.',
    });
  });
});
