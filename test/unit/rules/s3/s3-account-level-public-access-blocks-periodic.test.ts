import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory, EMPTY_INVENTORY } from '#shared/rules/inventory';
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

  describe('on the AWS::::Account item, when Config records no account block', () => {
    const account = (settings: unknown) =>
      withConfiguration(loadFixture('AWS::::Account', 'hardened'), { s3PublicAccessBlock: settings });

    it('fails an account that never configured Block Public Access (GetPublicAccessBlock: none)', () => {
      expect(evaluateFixture(rule, account(null))).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: 'Account 123456789012 has no account-level Block Public Access configuration.',
      });
    });

    it('judges the settings the describer collected', () => {
      const on = {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      };
      expect(evaluateFixture(rule, account(on)).compliance).toBe('COMPLIANT');
      expect(evaluateFixture(rule, account({ ...on, restrictPublicBuckets: false })).annotation).toMatch(
        /turned off: RestrictPublicBuckets\.$/,
      );
    });

    it('is NOT_APPLICABLE when the setting was not collected', () => {
      const verdict = evaluateFixture(rule, account(undefined));
      expect(verdict.compliance).toBe('NOT_APPLICABLE');
      expect(verdict.annotation).toContain('not collected');
    });

    it('leaves the verdict to the recorded AWS::S3::AccountPublicAccessBlock item of the same account', () => {
      const fixture = account(null);
      const block = loadFixture(TYPE, 'acl-settings-only').item;
      const verdict = evaluateFixture(rule, {
        ...fixture,
        inventory: createInventory([fixture.item, block]),
      });
      expect(verdict.compliance).toBe('NOT_APPLICABLE');
      const otherAccount = { ...block, accountId: '210987654321' };
      const mine = evaluateFixture(rule, {
        ...fixture,
        inventory: createInventory([fixture.item, otherAccount]),
      });
      expect(mine.compliance).toBe('NON_COMPLIANT');
    });

    it('gives one verdict per account in a scan: the block item when recorded, else the account item', () => {
      const accountItem = account(null).item;
      const block = loadFixture(TYPE, 'all-settings-on').item;
      const judged = (items: (typeof accountItem)[]) =>
        new RuleEngine([rule])
          .scan(items, { now: new Date('2026-11-23T12:00:00Z') })
          .filter((evaluation) => evaluation.compliance !== 'NOT_APPLICABLE')
          .map((evaluation) => `${evaluation.resourceType} ${evaluation.compliance}`);
      expect(judged([accountItem, block])).toEqual(['AWS::S3::AccountPublicAccessBlock COMPLIANT']);
      expect(judged([accountItem, { ...block, status: 'ResourceDeleted', configuration: null }])).toEqual([
        'AWS::::Account NON_COMPLIANT',
      ]);
    });
  });
});
