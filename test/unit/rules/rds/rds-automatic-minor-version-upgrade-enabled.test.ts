import { describe, expect, it } from 'vitest';
import { rdsAutomaticMinorVersionUpgradeEnabled as rule } from '#shared/rules/rds/rds-automatic-minor-version-upgrade-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const INSTANCE = 'AWS::RDS::DBInstance';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['postgres-private-multi-az', 'COMPLIANT'],
    ['aurora-postgresql-cluster-member', 'COMPLIANT'],
    ['sqlserver-pinned-minor-version', 'NON_COMPLIANT'],
    ['deleted', 'NOT_APPLICABLE'],
  ] as const)('judges %s as %s', (name, compliance) => {
    expect(evaluateFixture(rule, loadFixture(INSTANCE, name)).compliance).toBe(compliance);
  });

  it('names the engine version left without automatic upgrades', () => {
    expect(evaluateFixture(rule, loadFixture(INSTANCE, 'sqlserver-pinned-minor-version')).annotation).toBe(
      'DB instance erp-sqlserver has automatic minor version upgrade disabled (sqlserver-se 15.00.4345.5.v1).',
    );
  });

  it('gives no verdict when autoMinorVersionUpgrade was not recorded', () => {
    const fixture = withConfiguration(loadFixture(INSTANCE, 'sqlserver-pinned-minor-version'), {
      autoMinorVersionUpgrade: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'DB instance erp-sqlserver autoMinorVersionUpgrade was not recorded.',
    });
  });
});
