import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory, EMPTY_INVENTORY } from '#shared/rules/inventory';
import { rdsInstanceDeletionProtectionEnabled as rule } from '#shared/rules/rds/rds-instance-deletion-protection-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::RDS::DBInstance';

function auroraWithClusterProtection(deletionProtection: boolean) {
  const fixture = loadFixture(TYPE, 'aurora-postgresql-cluster-member');
  const cluster = fixture.inventory.itemsOfType('AWS::RDS::DBCluster')[0];
  if (!cluster) throw new Error('fixture has no cluster');
  const changed = { ...cluster, configuration: { ...cluster.configuration, deletionProtection } };
  return { ...fixture, inventory: createInventory([fixture.item, changed]) };
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes an instance with deletion protection', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'postgres-private-multi-az'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'DB instance orders-prod has deletion protection enabled.',
    });
  });

  it('fails an instance without deletion protection', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'mysql-public-single-az'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'DB instance legacy-reporting does not have deletion protection enabled.',
    });
  });

  it('gives no verdict on an item that does not record deletionProtection (not collected)', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'postgres-private-multi-az'), {
      deletionProtection: undefined,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it('passes an Aurora member whose recorded cluster has deletion protection', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'aurora-postgresql-cluster-member'))).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'DB instance ledger-aurora-1 is protected by deletion protection on DB cluster ledger-aurora.',
    });
  });

  it('fails an Aurora member whose cluster lacks deletion protection', () => {
    const verdict = evaluateFixture(rule, auroraWithClusterProtection(false));
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'DB cluster ledger-aurora of DB instance ledger-aurora-1 does not have deletion protection enabled.',
    });
  });

  it('gives no verdict on a cluster member whose cluster was not collected', () => {
    const fixture = { ...loadFixture(TYPE, 'aurora-postgresql-cluster-member'), inventory: EMPTY_INVENTORY };
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('which was not collected');
  });

  it('does not match a cluster of the same name in another region', () => {
    const fixture = loadFixture(TYPE, 'aurora-postgresql-cluster-member');
    const moved = { ...fixture, item: { ...fixture.item, region: 'eu-west-1' } };
    expect(evaluateFixture(rule, moved).annotation).toContain('which was not collected');
  });

  it.each([
    ['mysql, postgres', 'legacy-reporting is mysql', 'mysql-public-single-az', 'NON_COMPLIANT'],
    ['MariaDB, Postgres', 'orders-prod is postgres', 'postgres-private-multi-az', 'COMPLIANT'],
    ['mariadb', 'legacy-reporting is mysql', 'mysql-public-single-az', 'NOT_APPLICABLE'],
  ] as const)(
    'with databaseEngines "%s" (%s) the verdict is %s',
    (databaseEngines, _label, name, expected) => {
      const verdict = evaluateFixture(rule, loadFixture(TYPE, name), { parameters: { databaseEngines } });
      expect(verdict.compliance).toBe(expected);
    },
  );

  it('reports a deleted instance as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });

  it('is re-evaluated when a DB cluster changes (declares it reads clusters)', () => {
    expect(new RuleEngine([rule]).rulesReading('AWS::RDS::DBCluster')).toContain(rule);
  });
});
