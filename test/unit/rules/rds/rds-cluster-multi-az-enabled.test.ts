import { describe, expect, it } from 'vitest';
import { rdsClusterMultiAzEnabled as rule } from '#shared/rules/rds/rds-cluster-multi-az-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const CLUSTER = 'AWS::RDS::DBCluster';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'aurora-postgresql-hardened',
      'COMPLIANT',
      'DB cluster ledger-aurora spans several Availability Zones (2 instances).',
    ],
    [
      'aurora-mysql-dev-defaults',
      'NON_COMPLIANT',
      'DB cluster reporting-dev runs in a single Availability Zone (1 instance).',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(CLUSTER, name))).toEqual({ compliance, annotation });
  });

  it('judges by multiAZ, not by the zones the cluster may use (availabilityZones lists three either way)', () => {
    const fixture = loadFixture(CLUSTER, 'aurora-mysql-dev-defaults');
    expect(fixture.item.configuration?.availabilityZones).toHaveLength(3);
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('gives no verdict when multiAZ was not recorded, and leaves out a member count it cannot give', () => {
    const missing = withConfiguration(loadFixture(CLUSTER, 'aurora-mysql-dev-defaults'), {
      multiAZ: undefined,
    });
    expect(evaluateFixture(rule, missing)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'DB cluster reporting-dev multiAZ was not recorded.',
    });
    const noMembers = withConfiguration(loadFixture(CLUSTER, 'aurora-mysql-dev-defaults'), {
      dbclusterMembers: undefined,
    });
    expect(evaluateFixture(rule, noMembers).annotation).toBe(
      'DB cluster reporting-dev runs in a single Availability Zone.',
    );
  });
});
