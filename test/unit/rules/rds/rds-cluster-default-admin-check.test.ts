import { describe, expect, it } from 'vitest';
import { rdsClusterDefaultAdminCheck as rule } from '#shared/rules/rds/rds-cluster-default-admin-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const CLUSTER = 'AWS::RDS::DBCluster';
const withUser = (masterUsername: unknown) =>
  withConfiguration(loadFixture(CLUSTER, 'aurora-postgresql-hardened'), { masterUsername });

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'aurora-postgresql-hardened',
      'COMPLIANT',
      'DB cluster ledger-aurora uses admin user name ledger_admin, not a default one.',
    ],
    [
      'aurora-mysql-dev-defaults',
      'NON_COMPLIANT',
      'DB cluster reporting-dev uses the default admin user name admin.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(CLUSTER, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['postgres', {}, 'NON_COMPLIANT'],
    ['Admin', {}, 'COMPLIANT'],
    ['ledger_admin', { validAdminUserNames: 'ledger_admin,ops_admin' }, 'COMPLIANT'],
    ['ledger_admin', { validAdminUserNames: 'ops_admin' }, 'NON_COMPLIANT'],
    ['admin', { validAdminUserNames: 'admin,ops_admin' }, 'NON_COMPLIANT'],
  ] as const)('judges user %s with %j as %s', (user, parameters, compliance) => {
    expect(evaluateFixture(rule, withUser(user), { parameters }).compliance).toBe(compliance);
  });

  it('names the allowed list when the user is not on it', () => {
    const verdict = evaluateFixture(rule, withUser('dba'), {
      parameters: { validAdminUserNames: 'ops_admin' },
    });
    expect(verdict.annotation).toBe(
      'DB cluster ledger-aurora uses admin user name dba, not one of ops_admin.',
    );
  });

  it.each([undefined, null, ''])('gives no verdict when masterUsername is %j', (value) => {
    expect(evaluateFixture(rule, withUser(value))).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The master user name of DB cluster ledger-aurora was not recorded.',
    });
  });
});
