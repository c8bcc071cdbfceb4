import { describe, expect, it } from 'vitest';
import { rdsInstanceIamAuthenticationEnabled as rule } from '#shared/rules/rds/rds-instance-iam-authentication-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const INSTANCE = 'AWS::RDS::DBInstance';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['postgres-private-multi-az', 'COMPLIANT'],
    ['aurora-postgresql-cluster-member', 'COMPLIANT'],
    ['mysql-public-single-az', 'NON_COMPLIANT'],
    ['sqlserver-pinned-minor-version', 'NOT_APPLICABLE'],
    ['deleted', 'NOT_APPLICABLE'],
  ] as const)('judges %s as %s', (name, compliance) => {
    expect(evaluateFixture(rule, loadFixture(INSTANCE, name)).compliance).toBe(compliance);
  });

  it("says why an engine outside the managed rule's list is not judged", () => {
    expect(evaluateFixture(rule, loadFixture(INSTANCE, 'sqlserver-pinned-minor-version')).annotation).toBe(
      'DB instance erp-sqlserver runs sqlserver-se; the rule covers mysql, postgres, aurora, aurora-mysql, aurora-postgresql.',
    );
  });

  it.each([
    ['mariadb', 'available', 'NOT_APPLICABLE'],
    ['MySQL', 'available', 'NON_COMPLIANT'],
    ['mysql', 'backing-up', 'NON_COMPLIANT'],
    ['mysql', 'storage-full', 'NON_COMPLIANT'],
    ['mysql', 'stopped', 'NOT_APPLICABLE'],
    ['mysql', 'creating', 'NOT_APPLICABLE'],
    ['mysql', undefined, 'NOT_APPLICABLE'],
    [undefined, 'available', 'NOT_APPLICABLE'],
  ] as const)('engine %s in state %s is %s', (engine, dBInstanceStatus, compliance) => {
    const fixture = withConfiguration(loadFixture(INSTANCE, 'mysql-public-single-az'), {
      engine,
      dBInstanceStatus,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });

  it('gives no verdict when the setting itself was not recorded', () => {
    const fixture = withConfiguration(loadFixture(INSTANCE, 'mysql-public-single-az'), {
      iAMDatabaseAuthenticationEnabled: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'DB instance legacy-reporting IAM database authentication setting was not recorded.',
    });
  });
});
