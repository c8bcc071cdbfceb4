import { describe, expect, it } from 'vitest';
import { cwLoggroupRetentionPeriodCheck as rule } from '#shared/rules/cloudwatch/cw-loggroup-retention-period-check';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::Logs::LogGroup';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a log group keeping events for 400 days', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'retention-400-days')).compliance).toBe('COMPLIANT');
  });

  it('fails a log group keeping events for 30 days and says by how much', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'retention-30-days'));
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Retention is 30 days, below the minimum of 365 days.',
    });
  });

  it.each([
    ['absent', undefined],
    ['null', null],
    ['0 (never expire in some exports)', 0],
  ])('passes a log group that never expires (retentionInDays %s)', (_label, retentionInDays) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'retention-400-days'), { retentionInDays });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it.each([
    [364, 'NON_COMPLIANT'],
    [365, 'COMPLIANT'],
    [3653, 'COMPLIANT'],
  ] as const)('judges %i days against the default of 365 as %s', (retentionInDays, expected) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'retention-400-days'), { retentionInDays });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it('honours a MinRetentionTime parameter passed as a string, as AWS Config does', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'retention-400-days'), {
      parameters: { MinRetentionTime: '731' },
    });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });

  it('reports a deleted log group as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date(),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
