import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { describeDbCluster } from '#shared/describe/rds-cluster/describe';
import { createInventory } from '#shared/rules/inventory';
import { rdsClusterAutoMinorVersionUpgradeEnable as rule } from '#shared/rules/rds/rds-cluster-auto-minor-version-upgrade-enable';
import { rdsClusterDefaultAdminCheck } from '#shared/rules/rds/rds-cluster-default-admin-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const CLUSTER = 'AWS::RDS::DBCluster';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'aurora-postgresql-hardened',
      'COMPLIANT',
      'DB cluster ledger-aurora applies minor engine upgrades automatically.',
    ],
    [
      'aurora-mysql-dev-defaults',
      'NON_COMPLIANT',
      'DB cluster reporting-dev does not apply minor engine upgrades automatically.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(CLUSTER, name))).toEqual({ compliance, annotation });
  });

  it.each([undefined, null, 'false'])(
    'gives no verdict when autoMinorVersionUpgrade is %j (a DocumentDB cluster, or not recorded)',
    (value) => {
      const fixture = withConfiguration(loadFixture(CLUSTER, 'aurora-mysql-dev-defaults'), {
        engine: 'docdb',
        autoMinorVersionUpgrade: value,
      });
      expect(evaluateFixture(rule, fixture)).toEqual({
        compliance: 'NOT_APPLICABLE',
        annotation: 'DB cluster reporting-dev autoMinorVersionUpgrade was not recorded.',
      });
    },
  );
});

describe(`${rule.id} and ${rdsClusterDefaultAdminCheck.id} on a cluster as Vigil's describer records it`, () => {
  it.each([
    [{ AutoMinorVersionUpgrade: false, MasterUsername: 'postgres' }, 'NON_COMPLIANT', 'NON_COMPLIANT'],
    [{ AutoMinorVersionUpgrade: true, MasterUsername: 'ledger_admin' }, 'COMPLIANT', 'COMPLIANT'],
    [{ MasterUsername: 'admin' }, 'NOT_APPLICABLE', 'NON_COMPLIANT'],
  ] as const)('DescribeDBClusters %j: upgrades %s, admin name %s', async (fields, upgrade, admin) => {
    const rds = mockClient(RDSClient);
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [
        {
          DBClusterIdentifier: 'orders-multiaz',
          DbClusterResourceId: 'cluster-EXAMPLE7Q2M4XNVBW5R3TY6UJ2',
          Engine: 'postgres',
          MultiAZ: true,
          ...fields,
        },
      ],
    });
    const item = await describeDbCluster(new RDSClient({}), {
      accountId: '123456789012',
      region: 'us-east-1',
      resourceType: 'AWS::RDS::DBCluster',
      lookupId: 'orders-multiaz',
      captureTime: '2026-11-23T09:30:00.000Z',
    });
    const fixture = { name: 'described', item, inventory: createInventory([item]) };
    expect(evaluateFixture(rule, fixture).compliance).toBe(upgrade);
    expect(evaluateFixture(rdsClusterDefaultAdminCheck, fixture).compliance).toBe(admin);
    rds.restore();
  });
});
