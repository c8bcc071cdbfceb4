import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { secretsmanagerRotationEnabledCheck as rule } from '#shared/rules/secretsmanager/secretsmanager-rotation-enabled-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::SecretsManager::Secret';

function withRotationRules(RotationRules: Record<string, unknown> | null) {
  return withConfiguration(loadFixture(TYPE, 'database-rotating-30-days'), { RotationRules });
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a secret rotating every 30 days', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'database-rotating-30-days'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Secret prod/payments/postgres rotates automatically every 30 days.',
    });
  });

  it('fails a secret without rotation', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'api-key-not-rotating'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Secret prod/partner-api/key does not rotate automatically.',
    });
  });

  it('passes a secret rotating on a weekly cron schedule, judging the schedule', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'token-rotating-by-schedule')).annotation).toBe(
      'Secret prod/search/service-token rotates automatically every 7 days.',
    );
  });

  it.each([
    [{ maximumAllowedRotationFrequency: '30' }, 'database-rotating-30-days', 'COMPLIANT'],
    [{ maximumAllowedRotationFrequency: '29' }, 'database-rotating-30-days', 'NON_COMPLIANT'],
    [{ maximumAllowedRotationFrequency: '7' }, 'token-rotating-by-schedule', 'COMPLIANT'],
    [{ maximumAllowedRotationFrequency: '6' }, 'token-rotating-by-schedule', 'NON_COMPLIANT'],
    [{ maximumAllowedRotationFrequencyInHours: '720' }, 'database-rotating-30-days', 'COMPLIANT'],
    [{ maximumAllowedRotationFrequencyInHours: '719' }, 'database-rotating-30-days', 'NON_COMPLIANT'],
    [
      { maximumAllowedRotationFrequency: '90', maximumAllowedRotationFrequencyInHours: '24' },
      'database-rotating-30-days',
      'NON_COMPLIANT',
    ],
    [{ maximumAllowedRotationFrequency: '90' }, 'api-key-not-rotating', 'NON_COMPLIANT'],
  ] as const)('with %j judges %s as %s', (parameters, name, expected) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, name), { parameters }).compliance).toBe(expected);
  });

  it('says by how much the rotation interval exceeds the maximum', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'database-rotating-30-days'), {
      parameters: { maximumAllowedRotationFrequency: '7' },
    });
    expect(verdict.annotation).toBe(
      'Secret prod/payments/postgres rotates only every 30 days, more than the maximum of 7 days.',
    );
  });

  it.each([
    ['rate(4 hours)', { ScheduleExpression: 'rate(4 hours)' }, 'COMPLIANT'],
    ['rate(10 days)', { ScheduleExpression: 'rate(10 days)' }, 'NON_COMPLIANT'],
    ['Config’s RotationScheduleExpression name', { RotationScheduleExpression: 'rate(1 days)' }, 'COMPLIANT'],
    [
      'a twice-monthly cron (worst gap 17 days)',
      { ScheduleExpression: 'cron(0 16 1,15 * ? *)' },
      'NON_COMPLIANT',
    ],
  ] as const)('with a 7-day maximum judges a schedule of %s as %s', (_label, rules, expected) => {
    const verdict = evaluateFixture(rule, withRotationRules(rules), {
      parameters: { maximumAllowedRotationFrequency: '7' },
    });
    expect(verdict.compliance).toBe(expected);
  });

  it('fails a set maximum when the recorded schedule cannot be read, but not without one', () => {
    const fixture = withRotationRules({ ScheduleExpression: 'cron(bad)' });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
    const verdict = evaluateFixture(rule, fixture, { parameters: { maximumAllowedRotationFrequency: '30' } });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('cannot be read');
  });

  it('gives no verdict on a set maximum when the rotation interval was not recorded', () => {
    const verdict = evaluateFixture(rule, withRotationRules(null), {
      parameters: { maximumAllowedRotationFrequency: '30' },
    });
    expect(verdict).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation:
        'Secret prod/payments/postgres rotates automatically, but no rotation interval is recorded.',
    });
  });

  it('reports a secret marked deleted as NOT_APPLICABLE', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'api-key-not-rotating'), { Deleted: true });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it('reports a deleted secret as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
