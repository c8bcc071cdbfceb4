import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { iamUserNoPoliciesCheck as rule } from '#shared/rules/iam/iam-user-no-policies-check';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::IAM::User';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a user that gets permissions through a group', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'console-user-with-mfa'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'User alice has no policies of its own (member of Engineers).',
    });
  });

  it('fails a user with an attached managed policy and an inline policy, naming both', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'console-user-without-mfa'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'User bob has policies of its own: attached AdministratorAccess; inline bob-s3-scratch.',
    });
  });

  it('fails a user with only a customer managed policy attached', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'service-user-without-console')).annotation).toBe(
      'User ci-deployer has policies of its own: attached DeployPipeline.',
    );
  });

  it('fails a user with only an inline policy', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'console-user-without-mfa'), {
      attachedManagedPolicies: [],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('gives no verdict when the policy lists were not recorded (Config always records both)', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'console-user-without-mfa'), {
      attachedManagedPolicies: undefined,
      userPolicyList: undefined,
      groupList: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The policies of user bob were not recorded (attachedManagedPolicies, userPolicyList).',
    });
  });

  it('passes a user whose recorded policy lists are empty', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'console-user-without-mfa'), {
      attachedManagedPolicies: [],
      userPolicyList: [],
      groupList: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'User bob has no policies of its own.',
    });
  });

  it('reports a deleted user as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date(),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
