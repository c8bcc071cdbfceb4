import { describe, expect, it } from 'vitest';
import { dynamodbPitrEnabled as rule } from '#shared/rules/dynamodb/dynamodb-pitr-enabled';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::DynamoDB::Table';

function withPitr(value: unknown) {
  return withSupplementary(loadFixture(TYPE, 'orders-cmk-with-pitr'), {
    ContinuousBackupsDescription: value,
  });
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a table with point-in-time recovery enabled', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'orders-cmk-with-pitr'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Point-in-time recovery is enabled for table orders.',
    });
  });

  it('fails a table with point-in-time recovery disabled', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'sessions-owned-key-no-pitr'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Point-in-time recovery is DISABLED for table web-sessions.',
    });
  });

  it.each([
    ['absent', undefined],
    ['without a recovery description', { continuousBackupsStatus: 'ENABLED' }],
    ['unreadable', 'garbage'],
  ])(
    'gives no verdict on a table whose continuous-backups description is %s (not collected)',
    (_label, value) => {
      const verdict = evaluateFixture(rule, withPitr(value));
      expect(verdict).toEqual({
        compliance: 'NOT_APPLICABLE',
        annotation: 'Point-in-time recovery of table orders was not recorded.',
      });
    },
  );

  it('does not mistake continuous backups (always on) for point-in-time recovery', () => {
    const verdict = evaluateFixture(
      rule,
      withPitr({
        continuousBackupsStatus: 'ENABLED',
        pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: 'DISABLED' },
      }),
    );
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    [
      'a JSON string (API shape)',
      JSON.stringify({ pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: 'ENABLED' } }),
    ],
    [
      'DescribeContinuousBackups casing',
      { PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED' } },
    ],
  ])('reads the status from %s', (_label, value) => {
    expect(evaluateFixture(rule, withPitr(value)).compliance).toBe('COMPLIANT');
  });

  it('reports a table being deleted as NOT_APPLICABLE', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'sessions-owned-key-no-pitr'), {
      tableStatus: 'DELETING',
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it('reports a deleted table as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
