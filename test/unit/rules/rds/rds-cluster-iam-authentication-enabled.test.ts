import { describe, expect, it } from 'vitest';
import { rdsClusterIamAuthenticationEnabled as rule } from '#shared/rules/rds/rds-cluster-iam-authentication-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const CLUSTER = 'AWS::RDS::DBCluster';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'aurora-postgresql-hardened',
      'COMPLIANT',
      'DB cluster ledger-aurora has IAM database authentication enabled.',
    ],
    [
      'aurora-mysql-dev-defaults',
      'NON_COMPLIANT',
      'DB cluster reporting-dev does not have IAM database authentication enabled.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(CLUSTER, name))).toEqual({ compliance, annotation });
  });

  it("reads Config's lower-case iamdatabase… spelling, not the instance item's iAMDatabase… one", () => {
    const fixture = withConfiguration(loadFixture(CLUSTER, 'aurora-mysql-dev-defaults'), {
      iamdatabaseAuthenticationEnabled: undefined,
      iAMDatabaseAuthenticationEnabled: true,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'DB cluster reporting-dev IAM database authentication setting was not recorded.',
    });
  });
});
