import { describe, expect, it } from 'vitest';
import { ecrPrivateLifecyclePolicyConfigured as rule } from '#shared/rules/ecr/ecr-private-lifecycle-policy-configured';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::ECR::Repository';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a repository with a lifecycle policy and counts its rules', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'immutable-scanned-retains-two-years'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'ECR repository checkout-api has a lifecycle policy with 2 rule(s).',
    });
  });

  it('fails a repository without a lifecycle policy', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'mutable-unscanned-no-lifecycle'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'ECR repository legacy-batch-jobs has no lifecycle policy.',
    });
  });

  it.each([
    ['a LifecyclePolicy block recording nothing', {}],
    ['empty text and no registry', { LifecyclePolicyText: '' }],
    ['a null text', { LifecyclePolicyText: null }],
  ])('fails %s', (_label, LifecyclePolicy) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'immutable-scanned-retains-two-years'), {
      LifecyclePolicy,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('passes a LifecyclePolicy block that records the registry but not the text', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'immutable-scanned-retains-two-years'), {
      LifecyclePolicy: { RegistryId: '123456789012' },
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'ECR repository checkout-api has a lifecycle policy (its text is not recorded).',
    });
  });

  it.each([
    ['text that is not JSON', '{"rules": [', 'not valid JSON'],
    ['JSON without rules', '{"description": "cleanup"}', 'malformed at rules'],
    [
      'a rule without a selection countType',
      '{"rules":[{"selection":{"countNumber":5},"action":{"type":"expire"}}]}',
      'malformed at rules.0.selection.countType',
    ],
    ['a policy that is a list', '[]', 'malformed at policy'],
    ['a rule that is not an object', '{"rules":[1]}', 'malformed at rules.0'],
    [
      'a text countNumber',
      '{"rules":[{"selection":{"countType":"imageCountMoreThan","countNumber":"5"},"action":{"type":"expire"}}]}',
      'malformed at rules.0.selection.countNumber',
    ],
    [
      'a tag prefix list holding a number',
      '{"rules":[{"selection":{"countType":"imageCountMoreThan","countNumber":5,"tagPrefixList":[1]},"action":{"type":"expire"}}]}',
      'malformed at rules.0.selection.tagPrefixList',
    ],
    [
      'an action without a type',
      '{"rules":[{"selection":{"countType":"imageCountMoreThan","countNumber":5},"action":{}}]}',
      'malformed at rules.0.action.type',
    ],
    [
      'a text rulePriority',
      '{"rules":[{"rulePriority":"1","selection":{"countType":"imageCountMoreThan","countNumber":5},"action":{"type":"expire"}}]}',
      'malformed at rules.0.rulePriority',
    ],
  ])('fails a policy with %s and says why', (_label, LifecyclePolicyText, reason) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'immutable-scanned-retains-two-years'), {
      LifecyclePolicy: { RegistryId: '123456789012', LifecyclePolicyText },
    });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain(reason);
  });

  it('accepts a policy a describer already parsed into an object', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'immutable-scanned-retains-two-years'), {
      LifecyclePolicy: {
        LifecyclePolicyText: {
          rules: [
            {
              rulePriority: 1,
              selection: {
                tagStatus: 'untagged',
                countType: 'sinceImagePushed',
                countUnit: 'days',
                countNumber: 400,
              },
              action: { type: 'expire' },
            },
          ],
        },
      },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('reports a deleted repository as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
