import { describe, expect, it } from 'vitest';
import { rdsInstanceDefaultAdminCheck as rule } from '#shared/rules/rds/rds-instance-default-admin-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const INSTANCE = 'AWS::RDS::DBInstance';
const withUser = (masterUsername: unknown) =>
  withConfiguration(loadFixture(INSTANCE, 'postgres-private-multi-az'), { masterUsername });

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'postgres-private-multi-az',
      'COMPLIANT',
      'DB instance orders-prod uses admin user name orders_admin, not a default one.',
    ],
    [
      'mysql-public-single-az',
      'NON_COMPLIANT',
      'DB instance legacy-reporting uses the default admin user name admin.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(INSTANCE, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['postgres', {}, 'NON_COMPLIANT'],
    ['orders_admin', { validAdminUserNames: 'orders_admin' }, 'COMPLIANT'],
    ['orders_admin', { validAdminUserNames: 'ops_admin,dba' }, 'NON_COMPLIANT'],
    ['postgres', { validAdminUserNames: 'postgres' }, 'NON_COMPLIANT'],
  ] as const)('judges user %s with %j as %s', (user, parameters, compliance) => {
    expect(evaluateFixture(rule, withUser(user), { parameters }).compliance).toBe(compliance);
  });

  it.each([undefined, null, 42])('gives no verdict when masterUsername is %j', (value) => {
    expect(evaluateFixture(rule, withUser(value)).compliance).toBe('NOT_APPLICABLE');
  });
});
