import { configurationItem, type RawConfigurationItem } from './envelope';

function catalogDocdb(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::RDS::DBCluster',
    resourceId: 'cluster-Q4N7ZK2WBX8RT5MLC3HJ6PVD1Y',
    resourceName: 'catalog-docdb',
    arn: 'arn:aws:rds:us-east-1:123456789012:cluster:catalog-docdb',
    captureTime: '2026-11-20T10:12:41.508Z',
    createdAt: '2026-05-02T09:41:17.214Z',
    availabilityZone: 'Multiple Availability Zones',
    tags: {
      team: 'catalog',
      environment: 'production',
      'data-classification': 'confidential',
    },
    relationships: [
      {
        resourceType: 'AWS::RDS::DBInstance',
        resourceId: 'db-8FJ2QW5ZKX3MBN7TV4YR6LCP9D',
        name: 'Contains DBInstance',
      },
      {
        resourceType: 'AWS::RDS::DBInstance',
        resourceId: 'db-3HT6RM9XPW2KCN5VB8YQ4LJD7F',
        name: 'Contains DBInstance',
      },
    ],
    configuration: {
      allocatedStorage: 1,
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      backupRetentionPeriod: 14,
      dbclusterIdentifier: 'catalog-docdb',
      dbclusterParameterGroup: 'catalog-docdb50-audit',
      dbsubnetGroup: 'catalog-private',
      status: 'available',
      earliestRestorableTime: '2026-11-10T03:05:12.000Z',
      endpoint: 'catalog-docdb.cluster-c9k2example.us-east-1.docdb.amazonaws.com',
      readerEndpoint: 'catalog-docdb.cluster-ro-c9k2example.us-east-1.docdb.amazonaws.com',
      multiAZ: true,
      engine: 'docdb',
      engineVersion: '5.0.0',
      latestRestorableTime: '2026-11-20T10:07:33.000Z',
      port: 27017,
      masterUsername: 'catalogadmin',
      preferredBackupWindow: '03:00-03:30',
      preferredMaintenanceWindow: 'sun:05:00-sun:05:30',
      readReplicaIdentifiers: [],
      dbclusterMembers: [
        {
          dbinstanceIdentifier: 'catalog-docdb-1',
          isClusterWriter: true,
          dbclusterParameterGroupStatus: 'in-sync',
          promotionTier: 1,
        },
        {
          dbinstanceIdentifier: 'catalog-docdb-2',
          isClusterWriter: false,
          dbclusterParameterGroupStatus: 'in-sync',
          promotionTier: 1,
        },
      ],
      vpcSecurityGroups: [
        {
          vpcSecurityGroupId: 'sg-0c5e1f2a3b4d6e7f8',
          status: 'active',
        },
      ],
      hostedZoneId: 'ZNKXH85TT8WVW',
      storageEncrypted: true,
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9',
      dbClusterResourceId: 'cluster-Q4N7ZK2WBX8RT5MLC3HJ6PVD1Y',
      dbclusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:catalog-docdb',
      associatedRoles: [],
      iamdatabaseAuthenticationEnabled: false,
      clusterCreateTime: '2026-05-02T09:41:17.214Z',
      enabledCloudwatchLogsExports: ['audit', 'profiler'],
      deletionProtection: true,
      crossAccountClone: false,
      domainMemberships: [],
    },
  });
}

function sessionsDocdbDev(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::RDS::DBCluster',
    resourceId: 'cluster-7MV3XK9QJT2WBC5NR8ZL4HDP6E',
    resourceName: 'sessions-docdb-dev',
    arn: 'arn:aws:rds:us-east-1:123456789012:cluster:sessions-docdb-dev',
    captureTime: '2026-11-22T16:03:27.119Z',
    createdAt: '2026-09-14T11:27:50.402Z',
    availabilityZone: 'us-east-1b',
    tags: {
      team: 'web',
      environment: 'development',
    },
    relationships: [
      {
        resourceType: 'AWS::RDS::DBInstance',
        resourceId: 'db-5KD8WQ2ZTX7MBN4HV9YR3LCJ6P',
        name: 'Contains DBInstance',
      },
    ],
    configuration: {
      allocatedStorage: 1,
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1d'],
      backupRetentionPeriod: 1,
      dbclusterIdentifier: 'sessions-docdb-dev',
      dbclusterParameterGroup: 'default.docdb5.0',
      dbsubnetGroup: 'default',
      status: 'available',
      earliestRestorableTime: '2026-11-21T06:14:02.000Z',
      endpoint: 'sessions-docdb-dev.cluster-c9k2example.us-east-1.docdb.amazonaws.com',
      readerEndpoint: 'sessions-docdb-dev.cluster-ro-c9k2example.us-east-1.docdb.amazonaws.com',
      multiAZ: false,
      engine: 'docdb',
      engineVersion: '5.0.0',
      latestRestorableTime: '2026-11-22T15:58:41.000Z',
      port: 27017,
      masterUsername: 'webadmin',
      preferredBackupWindow: '06:12-06:42',
      preferredMaintenanceWindow: 'wed:08:30-wed:09:00',
      readReplicaIdentifiers: [],
      dbclusterMembers: [
        {
          dbinstanceIdentifier: 'sessions-docdb-dev-1',
          isClusterWriter: true,
          dbclusterParameterGroupStatus: 'in-sync',
          promotionTier: 1,
        },
      ],
      vpcSecurityGroups: [
        {
          vpcSecurityGroupId: 'sg-0c5e1f2a3b4d6e7f8',
          status: 'active',
        },
      ],
      hostedZoneId: 'ZNKXH85TT8WVW',
      storageEncrypted: false,
      kmsKeyId: null,
      dbClusterResourceId: 'cluster-7MV3XK9QJT2WBC5NR8ZL4HDP6E',
      dbclusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:sessions-docdb-dev',
      associatedRoles: [],
      iamdatabaseAuthenticationEnabled: false,
      clusterCreateTime: '2026-09-14T11:27:50.402Z',
      enabledCloudwatchLogsExports: null,
      deletionProtection: false,
      crossAccountClone: false,
      domainMemberships: [],
    },
  });
}

function reportingDev(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::RDS::DBCluster',
    resourceId: 'cluster-7TQ2LM4XVB9KD3WZ5RN8HC1YJE',
    resourceName: 'reporting-dev',
    arn: 'arn:aws:rds:us-east-1:123456789012:cluster:reporting-dev',
    captureTime: '2026-11-21T08:44:10.331Z',
    createdAt: '2026-04-17T13:02:55.870Z',
    availabilityZone: 'us-east-1a',
    tags: {
      team: 'analytics',
      environment: 'development',
    },
    relationships: [
      {
        resourceType: 'AWS::RDS::DBInstance',
        resourceId: 'db-2KXH7QW4ZP9MBN3TV6YR8LCJ5D',
        name: 'Contains DBInstance',
      },
    ],
    configuration: {
      allocatedStorage: 1,
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      backupRetentionPeriod: 1,
      databaseName: 'reporting',
      dbclusterIdentifier: 'reporting-dev',
      dbclusterParameterGroup: 'default.aurora-mysql8.0',
      dbsubnetGroup: 'analytics-private',
      status: 'available',
      clusterCreateTime: '2026-04-17T13:02:55.870Z',
      endpoint: 'reporting-dev.cluster-c8x1example.us-east-1.rds.amazonaws.com',
      readerEndpoint: 'reporting-dev.cluster-ro-c8x1example.us-east-1.rds.amazonaws.com',
      multiAZ: false,
      engine: 'aurora-mysql',
      engineVersion: '8.0.mysql_aurora.3.08.0',
      port: 3306,
      masterUsername: 'admin',
      preferredBackupWindow: '07:10-07:40',
      preferredMaintenanceWindow: 'sat:09:00-sat:09:30',
      readReplicaIdentifiers: [],
      dbclusterMembers: [
        {
          dbinstanceIdentifier: 'reporting-dev-1',
          isClusterWriter: true,
          dbclusterParameterGroupStatus: 'in-sync',
          promotionTier: 1,
        },
      ],
      vpcSecurityGroups: [
        {
          vpcSecurityGroupId: 'sg-0c5e1f2a3b4d6e7f8',
          status: 'active',
        },
      ],
      hostedZoneId: 'Z2R2ITUGPM61AM',
      storageEncrypted: false,
      kmsKeyId: null,
      dbClusterResourceId: 'cluster-7TQ2LM4XVB9KD3WZ5RN8HC1YJE',
      dbclusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:reporting-dev',
      associatedRoles: [],
      iamdatabaseAuthenticationEnabled: false,
      engineMode: 'provisioned',
      deletionProtection: false,
      httpEndpointEnabled: false,
      copyTagsToSnapshot: false,
      crossAccountClone: false,
      domainMemberships: [],
      enabledCloudwatchLogsExports: [],
      autoMinorVersionUpgrade: false,
    },
  });
}

function catalogExportTest(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::RDS::DBClusterSnapshot',
    resourceId: 'catalog-docdb-export-test',
    resourceName: 'catalog-docdb-export-test',
    arn: 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:catalog-docdb-export-test',
    captureTime: '2026-11-19T09:31:26.811Z',
    createdAt: '2026-11-12T22:04:51.000Z',
    availabilityZone: 'Multiple Availability Zones',
    tags: {
      team: 'catalog',
    },
    configuration: {
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      dbclusterSnapshotIdentifier: 'catalog-docdb-export-test',
      dbclusterIdentifier: 'catalog-docdb-dev',
      snapshotCreateTime: '2026-11-12T22:04:51.000Z',
      engine: 'docdb',
      allocatedStorage: 0,
      status: 'available',
      port: 0,
      vpcId: 'vpc-0f1e2d3c4b5a69788',
      clusterCreateTime: '2026-05-02T09:41:17.214Z',
      masterUsername: 'catalogadmin',
      engineVersion: '5.0.0',
      snapshotType: 'manual',
      percentProgress: 100,
      storageEncrypted: false,
      dbclusterSnapshotArn: 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:catalog-docdb-export-test',
    },
    supplementaryConfiguration: {
      DBClusterSnapshotAttributes: [
        {
          attributeName: 'restore',
          attributeValues: ['all'],
        },
      ],
    },
  });
}

function catalogPreMigration(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::RDS::DBClusterSnapshot',
    resourceId: 'catalog-docdb-pre-migration',
    resourceName: 'catalog-docdb-pre-migration',
    arn: 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:catalog-docdb-pre-migration',
    captureTime: '2026-11-20T15:47:02.377Z',
    createdAt: '2026-11-03T02:15:09.000Z',
    availabilityZone: 'Multiple Availability Zones',
    tags: {
      team: 'catalog',
    },
    configuration: {
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      dbclusterSnapshotIdentifier: 'catalog-docdb-pre-migration',
      dbclusterIdentifier: 'catalog-docdb',
      snapshotCreateTime: '2026-11-03T02:15:09.000Z',
      engine: 'docdb',
      allocatedStorage: 0,
      status: 'available',
      port: 0,
      vpcId: 'vpc-0f1e2d3c4b5a69788',
      clusterCreateTime: '2026-05-02T09:41:17.214Z',
      masterUsername: 'catalogadmin',
      engineVersion: '5.0.0',
      snapshotType: 'manual',
      percentProgress: 100,
      storageEncrypted: true,
      dbclusterSnapshotArn: 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:catalog-docdb-pre-migration',
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9',
    },
    supplementaryConfiguration: {
      DBClusterSnapshotAttributes: [
        {
          attributeName: 'restore',
          attributeValues: ['210987654321'],
        },
      ],
    },
  });
}

/** DocumentDB clusters and their manual snapshots, and an Aurora MySQL cluster left with console defaults. */
export function documentDbResources(): RawConfigurationItem[] {
  return [catalogDocdb(), sessionsDocdbDev(), reportingDev(), catalogExportTest(), catalogPreMigration()];
}
