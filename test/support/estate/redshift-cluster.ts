import { CreateKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import {
  CreateClusterCommand,
  type CreateClusterCommandInput,
  EnableLoggingCommand,
  type EnableLoggingCommandInput,
  ModifyClusterCommand,
  type ModifyClusterCommandInput,
} from '@aws-sdk/client-redshift';
import { REDSHIFT_CLUSTER_TYPE } from '#shared/resources/redshift';
import { logged } from './logged';
import type { PairSeeder, SeededPair } from './pair';

/** What CloudTrail logs instead of a master password. */
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/**
 * A public, unencrypted single-node cluster with version upgrades off, no enhanced VPC routing, automated
 * snapshots then turned off (retention 0) and no audit logging, beside a private cluster encrypted with a
 * (rotating) KMS key, with enhanced VPC routing, 7 days of snapshots and audit logs sent to CloudWatch Logs.
 */
export const REDSHIFT_CLUSTER_SEEDER: PairSeeder = {
  resourceType: REDSHIFT_CLUSTER_TYPE,
  async seed(clients, { suffix }): Promise<SeededPair> {
    const [redshift, kms] = await Promise.all([clients.client('redshift'), clients.client('kms')]);
    // The cluster key is compliant itself (rotating), so the estate gains no failing key.
    const key = await kms.send(new CreateKeyCommand({ Description: `vigil seed: Redshift ${suffix}` }));
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyMetadata?.KeyId ?? '' }));
    const openId = `vigil-rs-open-${suffix}`;
    const closedId = `vigil-rs-closed-${suffix}`;
    const common = {
      NodeType: 'ra3.xlplus',
      ClusterType: 'single-node',
      MasterUsername: 'warehouse_admin',
      MasterUserPassword: 'Seeded-Passw0rd-only-for-moto',
      DBName: 'analytics',
    } satisfies Partial<CreateClusterCommandInput>;
    const creations: CreateClusterCommandInput[] = [
      {
        ...common,
        ClusterIdentifier: openId,
        PubliclyAccessible: true,
        Encrypted: false,
        EnhancedVpcRouting: false,
        AllowVersionUpgrade: false,
      },
      {
        ...common,
        ClusterIdentifier: closedId,
        PubliclyAccessible: false,
        Encrypted: true,
        KmsKeyId: key.KeyMetadata?.Arn,
        EnhancedVpcRouting: true,
        AllowVersionUpgrade: true,
        AutomatedSnapshotRetentionPeriod: 7,
      },
    ];
    const events: SeededPair['events'][number][] = [];
    for (const input of creations) {
      const created = await redshift.send(new CreateClusterCommand(input));
      events.push({
        eventSource: 'redshift.amazonaws.com',
        eventName: 'CreateCluster',
        requestParameters: logged({
          clusterIdentifier: input.ClusterIdentifier,
          nodeType: input.NodeType,
          clusterType: input.ClusterType,
          masterUsername: input.MasterUsername,
          masterUserPassword: HIDDEN,
          dBName: input.DBName,
          publiclyAccessible: input.PubliclyAccessible,
          encrypted: input.Encrypted,
          kmsKeyId: input.KmsKeyId,
          enhancedVpcRouting: input.EnhancedVpcRouting,
          allowVersionUpgrade: input.AllowVersionUpgrade,
          automatedSnapshotRetentionPeriod: input.AutomatedSnapshotRetentionPeriod,
        }),
        responseElements: logged({
          clusterIdentifier: created.Cluster?.ClusterIdentifier,
          clusterStatus: 'creating',
          masterUserPassword: HIDDEN,
        }),
      });
    }
    // AWS (and moto) default a new cluster's snapshot retention to 1 day; snapshots are turned off after.
    const modify: ModifyClusterCommandInput = {
      ClusterIdentifier: openId,
      AutomatedSnapshotRetentionPeriod: 0,
    };
    await redshift.send(new ModifyClusterCommand(modify));
    events.push({
      eventSource: 'redshift.amazonaws.com',
      eventName: 'ModifyCluster',
      requestParameters: logged({ clusterIdentifier: openId, automatedSnapshotRetentionPeriod: 0 }),
      responseElements: logged({ clusterIdentifier: openId, clusterStatus: 'available' }),
    });
    const logging: EnableLoggingCommandInput = {
      ClusterIdentifier: closedId,
      LogDestinationType: 'cloudwatch',
      LogExports: ['connectionlog', 'useractivitylog', 'userlog'],
    };
    await redshift.send(new EnableLoggingCommand(logging));
    events.push({
      eventSource: 'redshift.amazonaws.com',
      eventName: 'EnableLogging',
      requestParameters: logged({
        clusterIdentifier: closedId,
        logDestinationType: logging.LogDestinationType,
        logExports: logging.LogExports,
      }),
      responseElements: logged({ loggingEnabled: true, logDestinationType: 'cloudwatch' }),
    });
    return {
      misconfigured: { resourceType: REDSHIFT_CLUSTER_TYPE, resourceId: openId },
      compliant: { resourceType: REDSHIFT_CLUSTER_TYPE, resourceId: closedId },
      failingRules: [
        'redshift-backup-enabled',
        'redshift-cluster-configuration-check',
        'redshift-cluster-kms-enabled',
        'redshift-cluster-maintenancesettings-check',
        'redshift-cluster-public-access-check',
        'redshift-enhanced-vpc-routing-enabled',
      ],
      events,
      motoGaps: [
        'redshift-require-tls-ssl is not in failingRules: moto has no ModifyClusterParameterGroup and its ' +
          'DescribeClusterParameters returns the engine defaults (require_ssl false) for every group, so no ' +
          'cluster can be made to require TLS. The describer read of require_ssl (bounded pages, marker, ' +
          'missing group) and the rule are unit-tested.',
        'moto turns AutomatedSnapshotRetentionPeriod 0 at CreateCluster into 1 day; the misconfigured cluster ' +
          'is created with the default and its snapshots turned off by ModifyCluster, as one would in AWS.',
        'moto accepts any KmsKeyId and checks no subnet group or VPC; the clusters run in no VPC of the estate.',
      ],
    };
  },
};
