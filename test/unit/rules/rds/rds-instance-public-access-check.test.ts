import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { rdsInstancePublicAccessCheck as rule } from '#shared/rules/rds/rds-instance-public-access-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::RDS::DBInstance';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a private instance', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'postgres-private-multi-az'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'DB instance orders-prod is not publicly accessible.',
    });
  });

  it('fails a publicly accessible instance and names it', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'mysql-public-single-az'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'DB instance legacy-reporting is publicly accessible.',
    });
  });

  it('gives no verdict on an item that does not record publiclyAccessible (not collected)', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'postgres-private-multi-az'), {
      publiclyAccessible: undefined,
    });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('publiclyAccessible was not recorded');
  });

  it('names the instance by its resource name when the configuration lacks the identifier', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'mysql-public-single-az'), {
      dBInstanceIdentifier: undefined,
    });
    expect(evaluateFixture(rule, fixture).annotation).toBe(
      'DB instance legacy-reporting is publicly accessible.',
    );
  });

  it('reports a deleted instance as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
