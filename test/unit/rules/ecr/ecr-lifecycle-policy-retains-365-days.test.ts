import { describe, expect, it } from 'vitest';
import { ecrLifecyclePolicyRetains365Days as rule } from '#shared/rules/ecr/ecr-lifecycle-policy-retains-365-days';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::ECR::Repository';

function withLifecycleRules(rules: readonly Record<string, unknown>[]) {
  return withConfiguration(loadFixture(TYPE, 'immutable-scanned-retains-two-years'), {
    LifecyclePolicy: { RegistryId: '123456789012', LifecyclePolicyText: JSON.stringify({ rules }) },
  });
}

function expireRule(selection: Record<string, unknown>, actionType = 'expire', rulePriority = 1) {
  return { rulePriority, selection: { tagStatus: 'any', ...selection }, action: { type: actionType } };
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a policy whose expire rules all wait at least 365 days after push', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'immutable-scanned-retains-two-years'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'ECR repository checkout-api keeps images at least 365 days (2 lifecycle rule(s)).',
    });
  });

  it('passes a repository without a lifecycle policy: nothing ever expires', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'mutable-unscanned-no-lifecycle'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'ECR repository legacy-batch-jobs has no lifecycle policy; images never expire.',
    });
  });

  it('fails a policy expiring untagged images after 14 days and keeping only 30 releases, naming both rules', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'enhanced-continuous-scan-short-lifecycle'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'ECR repository web-frontend can expire images younger than 365 days: rule 1 (untagged images) expires images 14 days after push; rule 2 (tagged images) keeps only 30 images, whatever their age.',
    });
  });

  it.each([
    [364, 'NON_COMPLIANT'],
    [365, 'COMPLIANT'],
    [3650, 'COMPLIANT'],
  ] as const)('judges sinceImagePushed after %i days as %s', (countNumber, expected) => {
    const fixture = withLifecycleRules([
      expireRule({ countType: 'sinceImagePushed', countUnit: 'days', countNumber }),
    ]);
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it.each([
    ['sinceImagePulled', 'after their last pull'],
    ['sinceImageTransitioned', 'after archiving'],
  ])('fails a short %s rule too', (countType, wording) => {
    const fixture = withLifecycleRules([expireRule({ countType, countUnit: 'days', countNumber: 90 })]);
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain(`90 days ${wording}`);
  });

  it('ignores rules that archive (transition) images instead of expiring them', () => {
    const fixture = withLifecycleRules([
      expireRule({ countType: 'sinceImagePushed', countUnit: 'days', countNumber: 30 }, 'transition'),
    ]);
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('fails an imageCountMoreThan rule by default and passes it when allowImageCountRules is set', () => {
    const fixture = withLifecycleRules([expireRule({ countType: 'imageCountMoreThan', countNumber: 500 })]);
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
    expect(evaluateFixture(rule, fixture, { parameters: { allowImageCountRules: 'true' } }).compliance).toBe(
      'COMPLIANT',
    );
  });

  it('honours a different minRetentionDays passed as a string, as AWS Config does', () => {
    const fixture = withLifecycleRules([
      expireRule({ countType: 'sinceImagePushed', countUnit: 'days', countNumber: 400 }),
    ]);
    expect(evaluateFixture(rule, fixture, { parameters: { minRetentionDays: '731' } }).compliance).toBe(
      'NON_COMPLIANT',
    );
  });

  it('fails a rule with a count type it does not know rather than guess', () => {
    const fixture = withLifecycleRules([expireRule({ countType: 'imageSizeMoreThan', countNumber: 10 })]);
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('unknown countType imageSizeMoreThan');
  });

  it('gives no verdict on a policy whose text was not recorded (retention not collected)', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'immutable-scanned-retains-two-years'), {
      LifecyclePolicy: { RegistryId: '123456789012' },
    });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('text was not recorded');
  });

  it('fails a policy it cannot read, since retention cannot be shown', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'immutable-scanned-retains-two-years'), {
      LifecyclePolicy: { LifecyclePolicyText: 'not json' },
    });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('not valid JSON');
  });

  it('keeps a long list of offending rules within the 256-character annotation limit through the engine', () => {
    const rules = Array.from({ length: 12 }, (_unused, index) =>
      expireRule(
        { countType: 'sinceImagePushed', countUnit: 'days', countNumber: index + 1 },
        'expire',
        index + 1,
      ),
    );
    const [evaluation] = new RuleEngine([rule]).evaluate(withLifecycleRules(rules).item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NON_COMPLIANT');
    expect(evaluation?.annotation.length).toBeLessThanOrEqual(256);
  });

  it('reports a deleted repository as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
