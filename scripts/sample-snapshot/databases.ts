import { ACCOUNT_ID, configurationItem, type RawConfigurationItem, tagList } from './envelope';
import { PAYMENTS_DB_KEY } from './storage';

const DB_SUBNETS = [
  {
    subnetIdentifier: 'subnet-0aa11bb22cc33dd44',
    subnetAvailabilityZone: { name: 'us-east-1a' },
    subnetStatus: 'Active',
  },
  {
    subnetIdentifier: 'subnet-0ee55ff66aa77bb88',
    subnetAvailabilityZone: { name: 'us-east-1b' },
    subnetStatus: 'Active',
  },
];

interface DbOptions {
  readonly resourceId: string;
  readonly identifier: string;
  readonly engine: 'postgres' | 'mysql';
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly createdAt: string;
  readonly captureTime: string;
  readonly tags: Record<string, string>;
  readonly public: boolean;
  readonly multiAZ: boolean;
  readonly encrypted: boolean;
  readonly backupDays: number;
  readonly deletionProtection: boolean;
  readonly logs: readonly string[];
  readonly subnetGroup: string;
}

function dbInstance(options: DbOptions): RawConfigurationItem {
  const arn = `arn:aws:rds:us-east-1:${ACCOUNT_ID}:db:${options.identifier}`;
  const port = options.engine === 'postgres' ? 5432 : 3306;
  const major = options.engineVersion.split('.')[0] ?? options.engineVersion;
  const family =
    options.engine === 'postgres'
      ? `postgres-${major}`
      : `mysql-${options.engineVersion.slice(0, 3).replace('.', '-')}`;
  const tags = tagList(options.tags);
  return configurationItem({
    resourceType: 'AWS::RDS::DBInstance',
    resourceId: options.resourceId,
    resourceName: options.identifier,
    arn,
    captureTime: options.captureTime,
    createdAt: options.createdAt,
    availabilityZone: 'us-east-1a',
    tags: options.tags,
    relationships: [
      {
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-0c5e1f2a3b4d6e7f8',
        name: 'Is associated with SecurityGroup',
      },
      {
        resourceType: 'AWS::RDS::DBSubnetGroup',
        resourceName: options.subnetGroup,
        name: 'Is associated with DBSubnetGroup',
      },
    ],
    configuration: {
      dBInstanceIdentifier: options.identifier,
      dBInstanceClass: options.instanceClass,
      engine: options.engine,
      dBInstanceStatus: 'available',
      masterUsername: options.engine === 'postgres' ? `${options.identifier.split('-')[0]}_admin` : 'admin',
      dBName: options.identifier.split('-')[0],
      endpoint: {
        address: `${options.identifier}.c8x1example.us-east-1.rds.amazonaws.com`,
        port,
        hostedZoneId: 'Z2R2ITUGPM61AM',
      },
      allocatedStorage: 200,
      instanceCreateTime: options.createdAt,
      preferredBackupWindow: '03:00-03:30',
      backupRetentionPeriod: options.backupDays,
      dBSecurityGroups: [],
      vpcSecurityGroups: [{ vpcSecurityGroupId: 'sg-0c5e1f2a3b4d6e7f8', status: 'active' }],
      dBParameterGroups: [
        { dBParameterGroupName: `default.${options.engine}${major}`, parameterApplyStatus: 'in-sync' },
      ],
      availabilityZone: 'us-east-1a',
      dBSubnetGroup: {
        dBSubnetGroupName: options.subnetGroup,
        dBSubnetGroupDescription: options.subnetGroup,
        vpcId: 'vpc-0f1e2d3c4b5a69788',
        subnetGroupStatus: 'Complete',
        subnets: DB_SUBNETS,
      },
      preferredMaintenanceWindow: 'sun:05:00-sun:05:30',
      pendingModifiedValues: {},
      latestRestorableTime: options.backupDays > 0 ? '2026-11-20T08:35:00.000Z' : null,
      multiAZ: options.multiAZ,
      engineVersion: options.engineVersion,
      autoMinorVersionUpgrade: true,
      readReplicaDBInstanceIdentifiers: [],
      readReplicaDBClusterIdentifiers: [],
      licenseModel: options.engine === 'postgres' ? 'postgresql-license' : 'general-public-license',
      optionGroupMemberships: [{ optionGroupName: `default:${family}`, status: 'in-sync' }],
      secondaryAvailabilityZone: options.multiAZ ? 'us-east-1b' : null,
      publiclyAccessible: options.public,
      statusInfos: [],
      storageType: 'gp3',
      dbInstancePort: 0,
      storageEncrypted: options.encrypted,
      ...(options.encrypted
        ? { kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/${PAYMENTS_DB_KEY}` }
        : {}),
      dbiResourceId: options.resourceId,
      cACertificateIdentifier: 'rds-ca-rsa2048-g1',
      domainMemberships: [],
      copyTagsToSnapshot: true,
      monitoringInterval: 0,
      dBInstanceArn: arn,
      iAMDatabaseAuthenticationEnabled: options.engine === 'postgres',
      performanceInsightsEnabled: false,
      enabledCloudwatchLogsExports: options.logs,
      processorFeatures: [],
      deletionProtection: options.deletionProtection,
      associatedRoles: [],
      tagList: tags,
    },
    supplementaryConfiguration: { Tags: tags },
  });
}

const LEDGER_CLUSTER = 'cluster-EXAMPLE5XKJ3QZ2W7HN4TBY6VA';
const LEDGER_KEY = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/${PAYMENTS_DB_KEY}`;

/**
 * An Aurora PostgreSQL cluster, one member instance (whose deletion protection and log exports are the
 * cluster's), and a manual cluster snapshot someone made public for a demo.
 */
function ledgerAuroraCluster(): RawConfigurationItem[] {
  const tags = { team: 'ledger', environment: 'production' };
  const memberArn = `arn:aws:rds:us-east-1:${ACCOUNT_ID}:db:ledger-aurora-1`;
  const clusterArn = `arn:aws:rds:us-east-1:${ACCOUNT_ID}:cluster:ledger-aurora`;
  return [
    configurationItem({
      resourceType: 'AWS::RDS::DBInstance',
      resourceId: 'db-N4TQ6YV2HJ8WX3KD5MZ7RB1PLE',
      resourceName: 'ledger-aurora-1',
      arn: memberArn,
      captureTime: '2026-11-20T08:41:12.902Z',
      createdAt: '2025-09-30T09:55:03.118Z',
      availabilityZone: 'us-east-1b',
      tags,
      relationships: [
        {
          resourceType: 'AWS::EC2::SecurityGroup',
          resourceId: 'sg-0c5e1f2a3b4d6e7f8',
          name: 'Is associated with SecurityGroup',
        },
        {
          resourceType: 'AWS::RDS::DBCluster',
          resourceId: LEDGER_CLUSTER,
          resourceName: 'ledger-aurora',
          name: 'Is associated with DBCluster',
        },
      ],
      configuration: {
        dBInstanceIdentifier: 'ledger-aurora-1',
        dBInstanceClass: 'db.r7g.large',
        engine: 'aurora-postgresql',
        dBInstanceStatus: 'available',
        masterUsername: 'ledger_admin',
        dBName: 'ledger',
        endpoint: {
          address: 'ledger-aurora-1.c8x1example.us-east-1.rds.amazonaws.com',
          port: 5432,
          hostedZoneId: 'Z2R2ITUGPM61AM',
        },
        allocatedStorage: 1,
        instanceCreateTime: '2025-09-30T09:55:03.118Z',
        preferredBackupWindow: '04:00-04:30',
        backupRetentionPeriod: 14,
        vpcSecurityGroups: [{ vpcSecurityGroupId: 'sg-0c5e1f2a3b4d6e7f8', status: 'active' }],
        availabilityZone: 'us-east-1b',
        multiAZ: false,
        engineVersion: '16.4',
        autoMinorVersionUpgrade: true,
        readReplicaDBInstanceIdentifiers: [],
        publiclyAccessible: false,
        storageType: 'aurora',
        storageEncrypted: true,
        kmsKeyId: LEDGER_KEY,
        dbiResourceId: 'db-N4TQ6YV2HJ8WX3KD5MZ7RB1PLE',
        dBInstanceArn: memberArn,
        enabledCloudwatchLogsExports: [],
        deletionProtection: false,
        tagList: tagList(tags),
        dBClusterIdentifier: 'ledger-aurora',
        promotionTier: 1,
      },
      supplementaryConfiguration: { Tags: tagList(tags) },
    }),
    configurationItem({
      resourceType: 'AWS::RDS::DBCluster',
      resourceId: LEDGER_CLUSTER,
      resourceName: 'ledger-aurora',
      arn: clusterArn,
      captureTime: '2026-11-20T08:41:10.377Z',
      createdAt: '2025-09-30T09:41:27.552Z',
      availabilityZone: 'Multiple Availability Zones',
      tags,
      relationships: [
        {
          resourceType: 'AWS::RDS::DBInstance',
          resourceId: 'db-N4TQ6YV2HJ8WX3KD5MZ7RB1PLE',
          name: 'Contains DBInstance',
        },
      ],
      configuration: {
        allocatedStorage: 1,
        availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
        backupRetentionPeriod: 14,
        databaseName: 'ledger',
        dbclusterIdentifier: 'ledger-aurora',
        status: 'available',
        clusterCreateTime: '2025-09-30T09:41:27.552Z',
        multiAZ: true,
        engine: 'aurora-postgresql',
        engineVersion: '16.4',
        port: 5432,
        masterUsername: 'ledger_admin',
        dbclusterMembers: [
          { dbinstanceIdentifier: 'ledger-aurora-1', isClusterWriter: true, promotionTier: 1 },
        ],
        storageEncrypted: true,
        kmsKeyId: LEDGER_KEY,
        dbClusterResourceId: LEDGER_CLUSTER,
        dbclusterArn: clusterArn,
        engineMode: 'provisioned',
        deletionProtection: true,
        enabledCloudwatchLogsExports: ['postgresql'],
        iamdatabaseAuthenticationEnabled: false,
        autoMinorVersionUpgrade: true,
      },
    }),
    configurationItem({
      resourceType: 'AWS::RDS::DBClusterSnapshot',
      resourceId: 'ledger-aurora-demo-data',
      resourceName: 'ledger-aurora-demo-data',
      arn: `arn:aws:rds:us-east-1:${ACCOUNT_ID}:cluster-snapshot:ledger-aurora-demo-data`,
      captureTime: '2026-11-10T01:41:55.019Z',
      createdAt: '2026-11-10T01:30:22.000Z',
      relationships: [
        {
          resourceType: 'AWS::RDS::DBCluster',
          resourceId: LEDGER_CLUSTER,
          name: 'Is associated with DBCluster',
        },
      ],
      configuration: {
        availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
        dbclusterSnapshotIdentifier: 'ledger-aurora-demo-data',
        dbclusterIdentifier: 'ledger-aurora',
        snapshotCreateTime: '2026-11-10T01:30:22.000Z',
        engine: 'aurora-postgresql',
        engineMode: 'provisioned',
        status: 'available',
        snapshotType: 'manual',
        percentProgress: 100,
        storageEncrypted: true,
        kmsKeyId: LEDGER_KEY,
        dbclusterSnapshotArn: `arn:aws:rds:us-east-1:${ACCOUNT_ID}:cluster-snapshot:ledger-aurora-demo-data`,
      },
      // Shared with every AWS account ("all") and with the DR account.
      supplementaryConfiguration: {
        DBClusterSnapshotAttributes: [{ attributeName: 'restore', attributeValues: ['all', '210987654321'] }],
      },
    }),
  ];
}

/** RDS instances and a manual snapshot. */
export function databaseResources(): RawConfigurationItem[] {
  return [
    dbInstance({
      resourceId: 'db-7QHZK2M4XNVBW5R3TY6UJ2LPEA',
      identifier: 'orders-prod',
      engine: 'postgres',
      engineVersion: '16.4',
      instanceClass: 'db.m6g.large',
      createdAt: '2025-03-04T15:22:09.118Z',
      captureTime: '2026-11-20T08:41:17.352Z',
      tags: { team: 'payments', environment: 'production' },
      public: false,
      multiAZ: true,
      encrypted: true,
      backupDays: 14,
      deletionProtection: true,
      logs: ['postgresql', 'upgrade'],
      subnetGroup: 'orders-private',
    }),
    dbInstance({
      resourceId: 'db-3FJX7W2QK9TDL4VZ8RB6NY1MCU',
      identifier: 'legacy-reporting',
      engine: 'mysql',
      engineVersion: '8.0.39',
      instanceClass: 'db.t3.medium',
      createdAt: '2021-06-14T10:12:44.000Z',
      captureTime: '2026-11-19T22:03:55.904Z',
      tags: { team: 'analytics' },
      public: true,
      multiAZ: false,
      encrypted: false,
      backupDays: 0,
      deletionProtection: false,
      logs: ['error'],
      subnetGroup: 'default',
    }),
    configurationItem({
      resourceType: 'AWS::RDS::DBSnapshot',
      resourceId: 'orders-prod-before-migration',
      resourceName: 'orders-prod-before-migration',
      arn: `arn:aws:rds:us-east-1:${ACCOUNT_ID}:snapshot:orders-prod-before-migration`,
      captureTime: '2026-11-20T09:12:40.551Z',
      createdAt: '2026-11-02T22:00:14.310Z',
      tags: { team: 'payments', purpose: 'pre-migration' },
      relationships: [
        {
          resourceType: 'AWS::RDS::DBInstance',
          resourceId: 'db-7QHZK2M4XNVBW5R3TY6UJ2LPEA',
          name: 'Is associated with DBInstance',
        },
      ],
      configuration: {
        dBSnapshotIdentifier: 'orders-prod-before-migration',
        dBInstanceIdentifier: 'orders-prod',
        snapshotCreateTime: '2026-11-02T22:00:14.310Z',
        engine: 'postgres',
        allocatedStorage: 200,
        status: 'available',
        port: 5432,
        availabilityZone: 'us-east-1a',
        vpcId: 'vpc-0f1e2d3c4b5a69788',
        instanceCreateTime: '2025-03-04T15:22:09.118Z',
        masterUsername: 'orders_admin',
        engineVersion: '16.4',
        licenseModel: 'postgresql-license',
        snapshotType: 'manual',
        optionGroupName: 'default:postgres-16',
        percentProgress: 100,
        storageType: 'gp3',
        encrypted: true,
        kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/${PAYMENTS_DB_KEY}`,
        dBSnapshotArn: `arn:aws:rds:us-east-1:${ACCOUNT_ID}:snapshot:orders-prod-before-migration`,
        iAMDatabaseAuthenticationEnabled: true,
        processorFeatures: [],
        dbiResourceId: 'db-7QHZK2M4XNVBW5R3TY6UJ2LPEA',
      },
      supplementaryConfiguration: {
        DBSnapshotAttributes: [{ attributeName: 'restore', attributeValues: [] }],
      },
    }),
    ...ledgerAuroraCluster(),
  ];
}
