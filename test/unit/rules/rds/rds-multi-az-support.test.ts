import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { rdsMultiAzSupport as rule } from '#shared/rules/rds/rds-multi-az-support';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::RDS::DBInstance';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a Multi-AZ instance', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'postgres-private-multi-az'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'DB instance orders-prod is a Multi-AZ deployment.',
    });
  });

  it('fails a single-AZ instance and names the engine', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'mysql-public-single-az'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'DB instance legacy-reporting (mysql) runs in a single Availability Zone.',
    });
  });

  it('reports an Aurora cluster member as NOT_APPLICABLE, as the managed rule does', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'aurora-postgresql-cluster-member'));
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('aurora-postgresql');
  });

  it.each(['aurora-mysql', 'aurora', 'docdb', 'neptune'])(
    'reports a single-AZ %s instance as NOT_APPLICABLE even outside a cluster',
    (engine) => {
      const fixture = withConfiguration(loadFixture(TYPE, 'mysql-public-single-az'), { engine });
      expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
    },
  );

  it('reports a member of a Multi-AZ DB cluster (non-Aurora engine) as NOT_APPLICABLE', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'mysql-public-single-az'), {
      dBClusterIdentifier: 'reporting-maz-cluster',
    });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('reporting-maz-cluster');
  });

  it('still evaluates a read replica: a single-AZ replica fails', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'mysql-read-replica')).compliance).toBe('NON_COMPLIANT');
  });

  it('passes a read replica that is itself Multi-AZ', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'mysql-read-replica'), { multiAZ: true });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it.each([
    ['absent', undefined],
    ['an empty cluster identifier', null],
  ])(
    'gives no verdict on an instance whose multiAZ is absent (dBClusterIdentifier %s)',
    (_label, dBClusterIdentifier) => {
      const fixture = withConfiguration(loadFixture(TYPE, 'postgres-private-multi-az'), {
        multiAZ: undefined,
        dBClusterIdentifier,
      });
      const verdict = evaluateFixture(rule, fixture);
      expect(verdict.compliance).toBe('NOT_APPLICABLE');
      expect(verdict.annotation).toContain('multiAZ was not recorded');
    },
  );

  it('reports a deleted instance as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
