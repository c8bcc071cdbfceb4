import { describe, expect, it } from 'vitest';
import { rdsSnapshotEncrypted as rule } from '#shared/rules/rds/rds-snapshot-encrypted';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const SNAPSHOT = 'AWS::RDS::DBSnapshot';
const CLUSTER_SNAPSHOT = 'AWS::RDS::DBClusterSnapshot';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [SNAPSHOT, 'manual-not-shared', 'COMPLIANT', 'DB snapshot orders-prod-before-migration is encrypted.'],
    [SNAPSHOT, 'automated', 'COMPLIANT', undefined],
    [
      SNAPSHOT,
      'manual-unencrypted',
      'NON_COMPLIANT',
      'DB snapshot catalog-staging-pre-upgrade is not encrypted.',
    ],
    [SNAPSHOT, 'deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
    [
      CLUSTER_SNAPSHOT,
      'manual-shared-with-dr-account',
      'COMPLIANT',
      'DB cluster snapshot ledger-aurora-monthly-2026-11 is encrypted.',
    ],
    [
      CLUSTER_SNAPSHOT,
      'manual-unencrypted',
      'NON_COMPLIANT',
      'DB cluster snapshot reports-aurora-mysql-pre-migration is not encrypted.',
    ],
    [CLUSTER_SNAPSHOT, 'deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s %s as %s', (type, name, compliance, annotation) => {
    const verdict = evaluateFixture(rule, loadFixture(type, name));
    expect(verdict.compliance).toBe(compliance);
    if (annotation !== undefined) expect(verdict.annotation).toBe(annotation);
  });

  it('reads a cluster snapshot’s storageEncrypted, not a DB snapshot’s encrypted', () => {
    const fixture = withConfiguration(loadFixture(CLUSTER_SNAPSHOT, 'manual-unencrypted'), {
      encrypted: true,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
    const snapshot = withConfiguration(loadFixture(SNAPSHOT, 'manual-unencrypted'), {
      storageEncrypted: true,
    });
    expect(evaluateFixture(rule, snapshot).compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    [SNAPSHOT, 'encrypted'],
    [CLUSTER_SNAPSHOT, 'storageEncrypted'],
  ] as const)('gives no verdict on a %s whose %s was not recorded', (type, field) => {
    const fixture = withConfiguration(loadFixture(type, 'manual-unencrypted'), { [field]: undefined });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });
});
