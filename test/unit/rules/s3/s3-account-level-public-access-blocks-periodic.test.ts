import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { s3AccountLevelPublicAccessBlocksPeriodic as rule } from '#shared/rules/s3/s3-account-level-public-access-blocks-periodic';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::S3::AccountPublicAccessBlock';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes an account with all four settings on', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'all-settings-on')).compliance).toBe('COMPLIANT');
  });

  it('fails an account that blocks only ACLs and names the missing settings as parameters', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'acl-settings-only'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Account 123456789012 has required Block Public Access settings turned off: BlockPublicPolicy, RestrictPublicBuckets.',
    });
  });

  it('passes the ACL-only account when policy settings are not required ("False", as Config passes them)', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'acl-settings-only'), {
      parameters: { BlockPublicPolicy: 'False', RestrictPublicBuckets: 'false' },
    });
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it('does not fail a setting that is on although not required', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'all-settings-on'), {
      parameters: { IgnorePublicAcls: 'False' },
    });
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it.each(['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'])(
    'fails when %s is off',
    (setting) => {
      const fixture = withConfiguration(loadFixture(TYPE, 'all-settings-on'), { [setting]: false });
      expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
    },
  );

  it('treats a missing setting as off', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'all-settings-on'), {
      restrictPublicBuckets: undefined,
    });
    expect(evaluateFixture(rule, fixture).annotation).toMatch(/turned off: RestrictPublicBuckets\.$/);
  });

  it('reads settings recorded as string booleans', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'acl-settings-only'), {
      blockPublicPolicy: 'true',
      restrictPublicBuckets: 'TRUE',
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('reports a deleted account block as NOT_APPLICABLE through the engine', () => {
    const item = {
      ...loadFixture(TYPE, 'all-settings-on').item,
      status: 'ResourceDeleted' as const,
      configuration: null,
    };
    const [evaluation] = new RuleEngine([rule]).evaluate(item, {
      now: new Date(),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
