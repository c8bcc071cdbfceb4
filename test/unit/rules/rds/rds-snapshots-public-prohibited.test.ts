import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { rdsSnapshotsPublicProhibited as rule } from '#shared/rules/rds/rds-snapshots-public-prohibited';
import { evaluateFixture, loadFixture, withConfiguration, withSupplementary } from '#test/support/fixtures';

const SNAPSHOT = 'AWS::RDS::DBSnapshot';
const CLUSTER_SNAPSHOT = 'AWS::RDS::DBClusterSnapshot';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a manual DB snapshot shared with nobody', () => {
    expect(evaluateFixture(rule, loadFixture(SNAPSHOT, 'manual-not-shared'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'DB snapshot orders-prod-before-migration is not shared.',
    });
  });

  it('fails a DB snapshot whose restore attribute includes all', () => {
    expect(evaluateFixture(rule, loadFixture(SNAPSHOT, 'manual-public'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'DB snapshot orders-prod-export-test is public: anyone can restore it.',
    });
  });

  it('passes an automated snapshot that records no attributes (automated snapshots cannot be shared)', () => {
    expect(evaluateFixture(rule, loadFixture(SNAPSHOT, 'automated'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'DB snapshot rds:orders-prod-2026-11-22-03-00 is automated and cannot be shared.',
    });
  });

  it('gives no verdict on a manual snapshot whose sharing attributes are missing from the item', () => {
    const fixture = withConfiguration(loadFixture(SNAPSHOT, 'automated'), { snapshotType: 'manual' });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('sharing attributes were not recorded');
  });

  it('passes a cluster snapshot shared with a named account and names it', () => {
    expect(evaluateFixture(rule, loadFixture(CLUSTER_SNAPSHOT, 'manual-shared-with-dr-account'))).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'DB cluster snapshot ledger-aurora-monthly-2026-11 is shared only with accounts 210987654321.',
    });
  });

  it('fails a public cluster snapshot even when it is also shared with an account', () => {
    expect(evaluateFixture(rule, loadFixture(CLUSTER_SNAPSHOT, 'manual-public')).compliance).toBe(
      'NON_COMPLIANT',
    );
  });

  it('reads the attribute list under the key of the snapshot kind only', () => {
    // A cluster snapshot carrying a DBSnapshotAttributes key (wrong kind) is not read as public.
    const fixture = withSupplementary(loadFixture(CLUSTER_SNAPSHOT, 'manual-shared-with-dr-account'), {
      DBSnapshotAttributes: [{ attributeName: 'restore', attributeValues: ['all'] }],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it.each([
    ['SDK casing', [{ AttributeName: 'restore', AttributeValues: ['all'] }], 'NON_COMPLIANT'],
    ['no restore attribute', [{ attributeName: 'copy', attributeValues: ['all'] }], 'COMPLIANT'],
    ['an empty list', [], 'COMPLIANT'],
  ] as const)('handles attributes with %s', (_label, attributes, expected) => {
    const fixture = withSupplementary(loadFixture(SNAPSHOT, 'manual-not-shared'), {
      DBSnapshotAttributes: attributes,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it('reports a deleted snapshot as NOT_APPLICABLE through the engine', () => {
    const fixture = loadFixture(SNAPSHOT, 'manual-public');
    const deleted = { ...fixture.item, status: 'ResourceDeleted' as const, configuration: null };
    const [evaluation] = new RuleEngine([rule]).evaluate(deleted, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
