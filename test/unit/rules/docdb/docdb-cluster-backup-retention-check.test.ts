import { describe, expect, it } from 'vitest';
import { docdbClusterBackupRetentionCheck as rule } from '#shared/rules/docdb/docdb-cluster-backup-retention-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const CLUSTER = 'AWS::RDS::DBCluster';

describe(`${rule.id}: ${rule.title}`, () => {
  it('defaults the minimum to 7 days, as AWS does', () => {
    expect(rule.parameters.minimumBackupRetentionPeriod.default).toBe(7);
  });

  it.each([
    [
      'docdb-catalog-hardened',
      'COMPLIANT',
      'DocumentDB cluster catalog-docdb keeps backups for 14 days (minimum 7).',
    ],
    [
      'docdb-sessions-defaults',
      'NON_COMPLIANT',
      'DocumentDB cluster sessions-docdb-dev keeps backups for 1 day, below the minimum of 7.',
    ],
    [
      'aurora-mysql-dev-defaults',
      'NOT_APPLICABLE',
      'DB cluster reporting-dev runs aurora-mysql, not Amazon DocumentDB.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(CLUSTER, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [6, 7, 'NON_COMPLIANT'],
    [7, 7, 'COMPLIANT'],
    [8, 7, 'COMPLIANT'],
    [14, 15, 'NON_COMPLIANT'],
    [35, 35, 'COMPLIANT'],
  ] as const)('retention %i days against a minimum of %i: %s', (retention, minimum, compliance) => {
    const fixture = withConfiguration(loadFixture(CLUSTER, 'docdb-catalog-hardened'), {
      backupRetentionPeriod: retention,
    });
    const verdict = evaluateFixture(rule, fixture, { parameters: { minimumBackupRetentionPeriod: minimum } });
    expect(verdict.compliance).toBe(compliance);
  });

  it('is NOT_APPLICABLE when backupRetentionPeriod was not recorded', () => {
    const fixture = withConfiguration(loadFixture(CLUSTER, 'docdb-sessions-defaults'), {
      backupRetentionPeriod: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'DocumentDB cluster sessions-docdb-dev backupRetentionPeriod was not recorded.',
    });
  });
});
