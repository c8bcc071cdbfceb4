import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { dbInstanceBackupEnabled as rule } from '#shared/rules/rds/db-instance-backup-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::RDS::DBInstance';

function withRetention(backupRetentionPeriod: unknown) {
  return withConfiguration(loadFixture(TYPE, 'postgres-private-multi-az'), { backupRetentionPeriod });
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes an instance keeping backups 14 days', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'postgres-private-multi-az'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'DB instance orders-prod keeps automated backups for 14 days (window 03:00-03:30).',
    });
  });

  it('fails an instance with automated backups disabled', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'mysql-public-single-az'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'DB instance legacy-reporting has automated backups disabled (retention 0 days).',
    });
  });

  it.each([
    [6, 'NON_COMPLIANT'],
    [7, 'COMPLIANT'],
    [35, 'COMPLIANT'],
  ] as const)('judges %i days against the default minimum of 7 as %s', (days, expected) => {
    expect(evaluateFixture(rule, withRetention(days)).compliance).toBe(expected);
  });

  it('gives no verdict on an item without backupRetentionPeriod (not collected)', () => {
    const verdict = evaluateFixture(rule, withRetention(undefined));
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('backupRetentionPeriod was not recorded');
  });

  it('gives no verdict on a required backup window that was not recorded, but still fails a short retention', () => {
    const parameters = { preferredBackupWindow: '03:00-03:30' };
    const fixture = withConfiguration(loadFixture(TYPE, 'postgres-private-multi-az'), {
      preferredBackupWindow: undefined,
    });
    expect(evaluateFixture(rule, fixture, { parameters }).compliance).toBe('NOT_APPLICABLE');
    const short = withConfiguration(fixture, { backupRetentionPeriod: 1 });
    expect(evaluateFixture(rule, short, { parameters }).compliance).toBe('NON_COMPLIANT');
  });

  it('honours backupRetentionMinimum passed as a string, as AWS Config does', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'postgres-private-multi-az'), {
      parameters: { backupRetentionMinimum: '30' },
    });
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'DB instance orders-prod: retention is 14 days, below the minimum of 30.',
    });
  });

  it.each([
    [14, 'COMPLIANT'],
    [21, 'NON_COMPLIANT'],
  ] as const)('with backupRetentionPeriod %i requires exactly that retention (%s)', (period, expected) => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'postgres-private-multi-az'), {
      parameters: { backupRetentionPeriod: period },
    });
    expect(verdict.compliance).toBe(expected);
  });

  it('checks the preferred backup window when one is given, and reports every problem at once', () => {
    const verdict = evaluateFixture(rule, withRetention(3), {
      parameters: { preferredBackupWindow: '01:00-01:30' },
    });
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'DB instance orders-prod: retention is 3 days, below the minimum of 7; backup window is 03:00-03:30, not 01:00-01:30.',
    });
  });

  it('passes when the backup window matches', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'postgres-private-multi-az'), {
      parameters: { preferredBackupWindow: '03:00-03:30' },
    });
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it('reports a read replica as NOT_APPLICABLE by default, like Security Hub RDS.11', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'mysql-read-replica'));
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
  });

  it('fails a read replica without backups when checkReadReplicas is true', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'mysql-read-replica'), {
      parameters: { checkReadReplicas: 'TRUE' },
    });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });

  it('reports a deleted instance as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
