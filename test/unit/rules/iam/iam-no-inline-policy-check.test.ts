import { describe, expect, it } from 'vitest';
import { iamNoInlinePolicyCheck as rule } from '#shared/rules/iam/iam-no-inline-policy-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const USER = 'AWS::IAM::User';

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
});
