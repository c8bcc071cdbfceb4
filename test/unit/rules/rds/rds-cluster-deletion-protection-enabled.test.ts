import { describe, expect, it } from 'vitest';
import { rdsClusterDeletionProtectionEnabled as rule } from '#shared/rules/rds/rds-cluster-deletion-protection-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const CLUSTER = 'AWS::RDS::DBCluster';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['aurora-postgresql-hardened', 'COMPLIANT', 'DB cluster ledger-aurora has deletion protection enabled.'],
    [
      'aurora-mysql-dev-defaults',
      'NON_COMPLIANT',
      'DB cluster reporting-dev does not have deletion protection enabled.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(CLUSTER, name))).toEqual({ compliance, annotation });
  });

  it.each([undefined, null, 'true'])(
    'gives no verdict when deletionProtection is %j, not a recorded boolean',
    (value) => {
      const fixture = withConfiguration(loadFixture(CLUSTER, 'aurora-mysql-dev-defaults'), {
        deletionProtection: value,
      });
      expect(evaluateFixture(rule, fixture)).toEqual({
        compliance: 'NOT_APPLICABLE',
        annotation: 'DB cluster reporting-dev deletionProtection was not recorded.',
      });
    },
  );

  it('names the cluster by its resource name when the identifier is missing from the configuration', () => {
    const fixture = withConfiguration(loadFixture(CLUSTER, 'aurora-mysql-dev-defaults'), {
      dbclusterIdentifier: undefined,
    });
    expect(evaluateFixture(rule, fixture).annotation).toContain('reporting-dev');
  });
});
