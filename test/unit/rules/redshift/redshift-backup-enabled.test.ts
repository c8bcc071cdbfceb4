import { describe, expect, it } from 'vitest';
import { redshiftBackupEnabled as rule } from '#shared/rules/redshift/redshift-backup-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::Redshift::Cluster';
const withRetention = (days: number | undefined) =>
  withConfiguration(loadFixture(TYPE, 'private-encrypted-logged'), {
    automatedSnapshotRetentionPeriod: days,
  });

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a cluster keeping snapshots 7 days and fails one with snapshots off', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'private-encrypted-logged'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Redshift cluster finance-warehouse keeps automated snapshots 7 days.',
    });
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-unencrypted-no-logs'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Redshift cluster marketing-sandbox has automated snapshots disabled (retention 0 days).',
    });
  });

  it.each([
    [1, {}, 'COMPLIANT'],
    [35, {}, 'COMPLIANT'],
    [6, { MinRetentionPeriod: 7 }, 'NON_COMPLIANT'],
    [7, { MinRetentionPeriod: 7 }, 'COMPLIANT'],
    [14, { MaxRetentionPeriod: 10 }, 'NON_COMPLIANT'],
    [10, { MinRetentionPeriod: 7, MaxRetentionPeriod: 10 }, 'COMPLIANT'],
    [0, { MinRetentionPeriod: 0, MaxRetentionPeriod: 0 }, 'NON_COMPLIANT'],
  ])('retention %i days with %o → %s', (days, parameters, expected) => {
    expect(evaluateFixture(rule, withRetention(days), { parameters }).compliance).toBe(expected);
  });

  it('names the bound a retention misses', () => {
    expect(
      evaluateFixture(rule, withRetention(3), { parameters: { MinRetentionPeriod: 5 } }).annotation,
    ).toBe(
      'Redshift cluster finance-warehouse keeps automated snapshots 3 days, below MinRetentionPeriod 5.',
    );
  });

  it('gives no verdict when the retention was not recorded, or the cluster is deleted', () => {
    expect(evaluateFixture(rule, withRetention(undefined)).compliance).toBe('NOT_APPLICABLE');
    expect(evaluateFixture(rule, loadFixture(TYPE, 'deleted')).compliance).toBe('NOT_APPLICABLE');
  });
});
