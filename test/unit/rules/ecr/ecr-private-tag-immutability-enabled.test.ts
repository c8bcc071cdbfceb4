import { describe, expect, it } from 'vitest';
import { ecrPrivateTagImmutabilityEnabled as rule } from '#shared/rules/ecr/ecr-private-tag-immutability-enabled';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::ECR::Repository';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a repository with immutable tags', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'immutable-scanned-retains-two-years'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'ECR repository checkout-api has immutable image tags.',
    });
  });

  it('fails a repository with mutable tags', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'mutable-unscanned-no-lifecycle'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'ECR repository legacy-batch-jobs has MUTABLE image tags.',
    });
  });

  it('fails IMMUTABLE_WITH_EXCLUSION and lists the tags that stay overwritable', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'immutable-scanned-retains-two-years'), {
      ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      ImageTagMutabilityExclusionFilters: [
        {
          ImageTagMutabilityExclusionFilterType: 'WILDCARD',
          ImageTagMutabilityExclusionFilterValue: 'latest',
        },
        {
          ImageTagMutabilityExclusionFilterType: 'WILDCARD',
          ImageTagMutabilityExclusionFilterValue: 'dev-*',
        },
      ],
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'ECR repository checkout-api lets excluded tags be overwritten: latest, dev-*.',
    });
  });

  it.each([
    ['MUTABLE_WITH_EXCLUSION', 'MUTABLE_WITH_EXCLUSION', 'has MUTABLE_WITH_EXCLUSION image tags'],
    ['lower-case immutable (not a value ECR records)', 'immutable', 'has immutable image tags'],
  ])('fails a repository whose ImageTagMutability is %s', (_label, ImageTagMutability, message) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'immutable-scanned-retains-two-years'), {
      ImageTagMutability,
    });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain(message);
  });

  it('gives no verdict on a repository whose ImageTagMutability was not recorded', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'immutable-scanned-retains-two-years'), {
      ImageTagMutability: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'ECR repository checkout-api ImageTagMutability was not recorded.',
    });
  });

  it('reports a deleted repository as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
