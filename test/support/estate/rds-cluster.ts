import { CreateDBClusterCommand, CreateDBInstanceCommand } from '@aws-sdk/client-rds';
import { logged } from './logged';
import type { PairSeeder } from './pair';

/**
 * Two Aurora PostgreSQL clusters with one writer instance each. No rule judges a DB cluster itself: the DB
 * instance rules judge a member by its cluster's deletion protection and log exports (`reads`), so the pair
 * is the two member instances. The misconfigured member's cluster has neither; the twin's cluster has
 * deletion protection on and exports the `postgresql` log. Both members are private (set explicitly: moto
 * leaves `PubliclyAccessible` out of a cluster member it was not given for).
 */
export const RDS_CLUSTER_SEEDER: PairSeeder = {
  resourceType: 'AWS::RDS::DBCluster',
  async seed(clients, { suffix }) {
    const rds = await clients.client('rds');
    const events = [];
    const members: string[] = [];
    for (const [name, protectedCluster] of [
      [`vigil-aurora-open-${suffix}`, false],
      [`vigil-aurora-closed-${suffix}`, true],
    ] as const) {
      const clusterInput = {
        DBClusterIdentifier: name,
        Engine: 'aurora-postgresql',
        MasterUsername: 'vigil_admin',
        MasterUserPassword: 'not-a-real-password-1',
        StorageEncrypted: true,
        BackupRetentionPeriod: 7,
        DeletionProtection: protectedCluster,
        ...(protectedCluster ? { EnableCloudwatchLogsExports: ['postgresql'] } : {}),
      };
      const cluster = (await rds.send(new CreateDBClusterCommand(clusterInput))).DBCluster;
      events.push({
        eventSource: 'rds.amazonaws.com',
        eventName: 'CreateDBCluster',
        requestParameters: logged({
          dBClusterIdentifier: name,
          engine: clusterInput.Engine,
          masterUsername: clusterInput.MasterUsername,
          masterUserPassword: 'HIDDEN_DUE_TO_SECURITY_REASONS',
          storageEncrypted: true,
          backupRetentionPeriod: 7,
          deletionProtection: protectedCluster,
          enableCloudwatchLogsExports: clusterInput.EnableCloudwatchLogsExports,
        }),
        responseElements: logged({
          dBClusterIdentifier: cluster?.DBClusterIdentifier,
          dbClusterResourceId: cluster?.DbClusterResourceId,
          dBClusterArn: cluster?.DBClusterArn,
          status: 'creating',
          dBClusterMembers: [],
        }),
      });
      const memberInput = {
        DBInstanceIdentifier: `${name}-1`,
        DBClusterIdentifier: name,
        Engine: 'aurora-postgresql',
        DBInstanceClass: 'db.r6g.large',
        PubliclyAccessible: false,
      };
      const member = (await rds.send(new CreateDBInstanceCommand(memberInput))).DBInstance;
      members.push(member?.DbiResourceId ?? '');
      events.push({
        eventSource: 'rds.amazonaws.com',
        eventName: 'CreateDBInstance',
        requestParameters: logged({
          dBInstanceIdentifier: memberInput.DBInstanceIdentifier,
          dBClusterIdentifier: name,
          engine: memberInput.Engine,
          dBInstanceClass: memberInput.DBInstanceClass,
          publiclyAccessible: false,
        }),
        responseElements: logged({
          dBInstanceIdentifier: member?.DBInstanceIdentifier,
          dbiResourceId: member?.DbiResourceId,
          dBClusterIdentifier: name,
          dBInstanceStatus: 'creating',
        }),
      });
    }
    return {
      misconfigured: { resourceType: 'AWS::RDS::DBInstance', resourceId: members[0] ?? '' },
      compliant: { resourceType: 'AWS::RDS::DBInstance', resourceId: members[1] ?? '' },
      failingRules: ['rds-instance-deletion-protection-enabled', 'rds-logging-enabled'],
      events,
      motoGaps: [
        'rds-cluster-default-admin-check and rds-cluster-auto-minor-version-upgrade-enable judge the clusters ' +
          'themselves, while this pair is the member instances judged by their clusters; both rules are proven ' +
          'on recorded fixtures.',
        'moto omits PubliclyAccessible from a cluster member created without it (AWS reports false for a ' +
          'private member); the seeder passes it explicitly.',
        'moto refuses CreateDBCluster with Engine "docdb" (its cluster engines are aurora-mysql, ' +
          'aurora-postgresql, neptune, mysql and postgres), so no DocumentDB cluster is seeded: the docdb-* rules ' +
          'are proven on DescribeDBClusters answers mocked in test/unit/describe/rds-cluster.test.ts.',
      ],
    };
  },
};
