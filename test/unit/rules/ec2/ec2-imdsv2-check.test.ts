import { describe, expect, it } from 'vitest';
import { ec2Imdsv2Check as rule } from '#shared/rules/ec2/ec2-imdsv2-check';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::EC2::Instance';
const required = () => loadFixture(TYPE, 'imdsv2-required-private');

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a running instance with httpTokens=required', () => {
    expect(evaluateFixture(rule, required())).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Instance i-0a4f3c2b1d0e9f871 requires IMDSv2 tokens (httpTokens=required).',
    });
  });

  it('fails an instance with httpTokens=optional and names it', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'imdsv1-optional-public-ip'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Instance i-07e1d2c3b4a596870 accepts IMDSv1 requests (httpTokens=optional).',
    });
  });

  it('still judges a stopped instance, since it can be started as it is', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'stopped-imdsv1-optional'));
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('(instance is stopped)');
  });

  it.each([
    ['terminated', 48],
    ['shutting-down', 32],
  ])('reports a %s instance as NOT_APPLICABLE', (name, code) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'imdsv1-optional-public-ip'), {
      state: { code, name },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it('reports the terminated-instance fixture as NOT_APPLICABLE', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'terminated')).compliance).toBe('NOT_APPLICABLE');
  });

  it.each([
    ['REQUIRED (any case)', { httpTokens: 'REQUIRED' }, 'COMPLIANT'],
    [
      'optional with the endpoint disabled',
      { httpTokens: 'optional', httpEndpoint: 'disabled' },
      'NON_COMPLIANT',
    ],
    [
      'required with the endpoint disabled',
      { httpTokens: 'required', httpEndpoint: 'disabled' },
      'COMPLIANT',
    ],
    ['no httpTokens recorded', { httpEndpoint: 'enabled' }, 'NOT_APPLICABLE'],
  ] as const)('judges metadata options %s as %s', (_label, metadataOptions, expected) => {
    const fixture = withConfiguration(required(), { metadataOptions });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it('explains that a disabled endpoint does not make optional tokens safe', () => {
    const fixture = withConfiguration(required(), {
      metadataOptions: { httpTokens: 'optional', httpEndpoint: 'disabled' },
    });
    expect(evaluateFixture(rule, fixture).annotation).toContain('enabling it would serve IMDSv1');
  });

  it.each([
    ['absent', undefined],
    ['null', null],
  ])(
    'gives no verdict on an instance whose metadataOptions are %s (not collected)',
    (_label, metadataOptions) => {
      const verdict = evaluateFixture(rule, withConfiguration(required(), { metadataOptions }));
      expect(verdict.compliance).toBe('NOT_APPLICABLE');
      expect(verdict.annotation).toContain('was not recorded; IMDSv2 cannot be judged');
    },
  );

  it('reports a deleted instance as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
