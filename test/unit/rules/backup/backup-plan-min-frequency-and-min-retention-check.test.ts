import { describe, expect, it } from 'vitest';
import { backupPlanMinFrequencyAndMinRetentionCheck as rule } from '#shared/rules/backup/backup-plan-min-frequency-and-min-retention-check';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { RuleParameterError } from '#shared/rules/parameters';
import { evaluateFixture, type Fixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::Backup::BackupPlan';

function withRules(rules: readonly Record<string, unknown>[], key = 'BackupPlanRule'): Fixture {
  return withConfiguration(loadFixture(TYPE, 'daily-and-monthly'), {
    BackupPlan: { BackupPlanName: 'test-plan', [key]: rules },
  });
}

const rule1 = (ScheduleExpression: string | undefined, DeleteAfterDays?: number) => ({
  RuleName: 'r1',
  TargetBackupVault: 'Default',
  ...(ScheduleExpression === undefined ? {} : { ScheduleExpression }),
  ...(DeleteAfterDays === undefined ? {} : { Lifecycle: { DeleteAfterDays } }),
});

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a plan whose daily rule keeps recovery points 35 days, naming that rule', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'daily-and-monthly'))).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'Backup plan production-daily-monthly: rule "DailyBackups" meets every 1 day, kept 35 days.',
    });
  });

  it('fails a weekly plan and says how often it runs', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'weekly-only'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Backup plan analytics-weekly has no rule meeting every 1 day, kept 35 days: rule "WeeklyBackups" ' +
        'runs only every 7 days (cron(0 3 ? * SUN *)).',
    });
  });

  it('fails a daily plan that keeps recovery points only 7 days', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'daily-short-retention'));
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('keeps recovery points 7 days');
  });

  it('fails when no single rule meets both requirements, even if together they would', () => {
    const verdict = evaluateFixture(
      rule,
      withRules([
        { ...rule1('cron(0 5 ? * * *)', 7), RuleName: 'daily-short' },
        { ...rule1('cron(0 5 1 * ? *)', 365), RuleName: 'monthly-long' },
      ]),
    );
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('rule "daily-short" keeps recovery points 7 days');
    expect(verdict.annotation).toContain('rule "monthly-long" runs only every 31 days');
  });

  it.each([
    ['hourly, 35 days', rule1('cron(0 * ? * * *)', 35), 'COMPLIANT'],
    ['every 12 hours, 60 days', rule1('cron(0 0/12 ? * * *)', 60), 'COMPLIANT'],
    ['weekdays only (3-day weekend gap)', rule1('cron(0 5 ? * MON-FRI *)', 35), 'NON_COMPLIANT'],
    ['no schedule (AWS Backup default: daily 05:00 UTC)', rule1(undefined, 35), 'COMPLIANT'],
    ['no lifecycle (kept forever)', rule1('cron(0 5 ? * * *)'), 'COMPLIANT'],
    ['34 days', rule1('cron(0 5 ? * * *)', 34), 'NON_COMPLIANT'],
    ['an unreadable schedule', rule1('cron(0 5 * *)', 35), 'NON_COMPLIANT'],
    ['a one-time schedule', rule1('at(2026-12-01T00:00:00)', 35), 'NON_COMPLIANT'],
  ] as const)('judges a single rule %s as %s', (_label, backupRule, expected) => {
    expect(evaluateFixture(rule, withRules([backupRule])).compliance).toBe(expected);
  });

  it('reads rules named Rules (GetBackupPlan shape) too', () => {
    const fixture = withRules([rule1('cron(0 5 ? * * *)', 35)], 'Rules');
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('gives no verdict on a plan whose rules were not recorded (AWS Backup requires at least one)', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'daily-and-monthly'), {
      BackupPlan: { BackupPlanName: 'test-plan' },
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The backup rules of plan test-plan were not recorded.',
    });
  });

  it('fails a plan with no rules', () => {
    expect(evaluateFixture(rule, withRules([])).annotation).toBe(
      'Backup plan test-plan has no backup rule (required: every 1 day, kept 35 days).',
    );
  });

  it.each([
    [{ requiredFrequencyValue: '12', requiredFrequencyUnit: 'hours' }, 'weekly-only', 'NON_COMPLIANT'],
    [{ requiredFrequencyValue: '12', requiredFrequencyUnit: 'hours' }, 'daily-and-monthly', 'NON_COMPLIANT'],
    [{ requiredFrequencyValue: '7' }, 'weekly-only', 'COMPLIANT'],
    [{ requiredFrequencyValue: '7', requiredRetentionDays: '91' }, 'weekly-only', 'NON_COMPLIANT'],
    [{ requiredRetentionDays: '7' }, 'daily-short-retention', 'COMPLIANT'],
    [{ requiredFrequencyUnit: 'Days' }, 'daily-and-monthly', 'COMPLIANT'],
  ] as const)('with parameters %j judges %s as %s', (parameters, name, expected) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, name), { parameters }).compliance).toBe(expected);
  });

  it('refuses an unknown frequency unit', () => {
    expect(() =>
      evaluateFixture(rule, loadFixture(TYPE, 'daily-and-monthly'), {
        parameters: { requiredFrequencyUnit: 'weeks' },
      }),
    ).toThrow(RuleParameterError);
  });

  it('reports a deleted plan as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
