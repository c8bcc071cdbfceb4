import { describe, expect, it } from 'vitest';
import { docdbClusterSnapshotPublicProhibited as rule } from '#shared/rules/docdb/docdb-cluster-snapshot-public-prohibited';
import { evaluateFixture, loadFixture, withConfiguration, withSupplementary } from '#test/support/fixtures';

const SNAPSHOT = 'AWS::RDS::DBClusterSnapshot';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'docdb-manual-public',
      'NON_COMPLIANT',
      'DocumentDB cluster snapshot catalog-docdb-export-test is public: anyone can restore it.',
    ],
    [
      'docdb-manual-shared-with-dr-account',
      'COMPLIANT',
      'DocumentDB cluster snapshot catalog-docdb-pre-migration is shared only with accounts 210987654321.',
    ],
    // A public Aurora snapshot is rds-snapshots-public-prohibited's business.
    [
      'manual-public',
      'NOT_APPLICABLE',
      'DB cluster snapshot ledger-aurora-demo-data was taken from a cluster running aurora-postgresql, not Amazon DocumentDB.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(SNAPSHOT, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['no restore entry (never shared)', [{ attributeName: 'other', attributeValues: [] }], 'COMPLIANT'],
    ['an empty restore list', [{ attributeName: 'restore', attributeValues: [] }], 'COMPLIANT'],
    [
      'SDK-cased attributes naming all',
      [{ AttributeName: 'restore', AttributeValues: ['all'] }],
      'NON_COMPLIANT',
    ],
    ['no attributes recorded', undefined, 'NOT_APPLICABLE'],
  ] as const)('judges a manual snapshot with %s as %s', (_label, attributes, compliance) => {
    const fixture = withSupplementary(loadFixture(SNAPSHOT, 'docdb-manual-public'), {
      DBClusterSnapshotAttributes: attributes,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });

  it.each([
    [{ snapshotType: 'automated' }, 'NOT_APPLICABLE'],
    [{ engine: undefined }, 'NOT_APPLICABLE'],
    [{ engine: 'DOCDB' }, 'NON_COMPLIANT'],
  ] as const)('judges the public snapshot patched with %j as %s', (patch, compliance) => {
    const fixture = withConfiguration(loadFixture(SNAPSHOT, 'docdb-manual-public'), patch);
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });
});
