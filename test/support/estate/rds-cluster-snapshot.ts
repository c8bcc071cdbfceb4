import {
  CreateDBClusterCommand,
  CreateDBClusterSnapshotCommand,
  ModifyDBClusterSnapshotAttributeCommand,
} from '@aws-sdk/client-rds';
import { logged } from './logged';
import type { PairSeeder } from './pair';

/** An account the twin is shared with (sharing with a named account is not public). */
const DR_ACCOUNT = '210987654321';

/**
 * Two manual snapshots of one Aurora cluster (without instances): one made public (`restore` = `all`), its
 * twin shared with one named account. AWS lets only unencrypted snapshots be public, so the cluster is
 * unencrypted (no rule judges a cluster's encryption); it is protected from deletion and exports its log.
 */
export const RDS_CLUSTER_SNAPSHOT_SEEDER: PairSeeder = {
  resourceType: 'AWS::RDS::DBClusterSnapshot',
  async seed(clients, { suffix }) {
    const rds = await clients.client('rds');
    const cluster = `vigil-csnap-source-${suffix}`;
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: cluster,
        Engine: 'aurora-postgresql',
        MasterUsername: 'vigil_admin',
        MasterUserPassword: 'not-a-real-password-1',
        StorageEncrypted: false,
        BackupRetentionPeriod: 7,
        DeletionProtection: true,
        EnableCloudwatchLogsExports: ['postgresql'],
      }),
    );
    const events = [];
    const names = [`vigil-csnap-public-${suffix}`, `vigil-csnap-shared-${suffix}`];
    for (const [index, name] of names.entries()) {
      const snapshot = (
        await rds.send(
          new CreateDBClusterSnapshotCommand({
            DBClusterSnapshotIdentifier: name,
            DBClusterIdentifier: cluster,
          }),
        )
      ).DBClusterSnapshot;
      events.push({
        eventSource: 'rds.amazonaws.com',
        eventName: 'CreateDBClusterSnapshot',
        requestParameters: { dBClusterSnapshotIdentifier: name, dBClusterIdentifier: cluster },
        responseElements: logged({
          dBClusterSnapshotIdentifier: name,
          dBClusterIdentifier: cluster,
          dBClusterSnapshotArn: snapshot?.DBClusterSnapshotArn,
          snapshotType: 'manual',
          status: 'creating',
        }),
      });
      const values = index === 0 ? ['all'] : [DR_ACCOUNT];
      await rds.send(
        new ModifyDBClusterSnapshotAttributeCommand({
          DBClusterSnapshotIdentifier: name,
          AttributeName: 'restore',
          ValuesToAdd: values,
        }),
      );
      events.push({
        eventSource: 'rds.amazonaws.com',
        eventName: 'ModifyDBClusterSnapshotAttribute',
        requestParameters: {
          dBClusterSnapshotIdentifier: name,
          attributeName: 'restore',
          valuesToAdd: values,
        },
        responseElements: {
          dBClusterSnapshotIdentifier: name,
          dBClusterSnapshotAttributes: [{ attributeName: 'restore', attributeValues: values }],
        },
      });
    }
    return {
      misconfigured: { resourceType: 'AWS::RDS::DBClusterSnapshot', resourceId: names[0] ?? '' },
      compliant: { resourceType: 'AWS::RDS::DBClusterSnapshot', resourceId: names[1] ?? '' },
      failingRules: ['rds-snapshots-public-prohibited'],
      motoGaps: [
        'rds-snapshot-encrypted is not in failingRules: AWS shares only unencrypted snapshots publicly, so the ' +
          'public DB cluster snapshot of this pair is unencrypted and so is its twin (one source); the rule is proven on ' +
          'recorded fixtures (encrypted and unencrypted).',
        'moto refuses CreateDBCluster with Engine "docdb", so no DocumentDB cluster snapshot is seeded: ' +
          'docdb-cluster-snapshot-public-prohibited is proven on DescribeDBClusterSnapshots answers mocked in ' +
          'test/unit/describe/rds-cluster-snapshot.test.ts.',
      ],
      events,
    };
  },
};
