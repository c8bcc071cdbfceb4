import { type DBCluster, DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import { describeDbCluster, listDbClusters } from '#shared/describe/rds-cluster/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { docdbRules } from '#shared/rules/docdb/index';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory, type Inventory } from '#shared/rules/inventory';
import { rdsInstanceDeletionProtectionEnabled } from '#shared/rules/rds/rds-instance-deletion-protection-enabled';
import { rdsLoggingEnabled } from '#shared/rules/rds/rds-logging-enabled';
import type { Rule } from '#shared/rules/rule';
import { loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const CAPTURE = '2026-11-23T09:30:00.000Z';
const rds = mockClient(RDSClient);

const ref = (lookupId: string, resourceId?: string): ResourceRef => ({
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: 'AWS::RDS::DBCluster',
  lookupId,
  ...(resourceId === undefined ? {} : { resourceId }),
  captureTime: CAPTURE,
});

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

/** DescribeDBClusters' answer for the cluster of the `aurora-postgresql-cluster-member` fixture. */
const LEDGER_CLUSTER: DBCluster = {
  AllocatedStorage: 1,
  AvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  BackupRetentionPeriod: 14,
  DatabaseName: 'ledger',
  DBClusterIdentifier: 'ledger-aurora',
  DBClusterParameterGroup: 'default.aurora-postgresql16',
  DBSubnetGroup: 'ledger-private',
  Status: 'available',
  ClusterCreateTime: new Date('2025-09-30T09:41:27.552Z'),
  Endpoint: 'ledger-aurora.cluster-c8x1example.us-east-1.rds.amazonaws.com',
  ReaderEndpoint: 'ledger-aurora.cluster-ro-c8x1example.us-east-1.rds.amazonaws.com',
  MultiAZ: true,
  Engine: 'aurora-postgresql',
  EngineVersion: '16.4',
  Port: 5432,
  MasterUsername: 'ledger_admin',
  PreferredBackupWindow: '04:00-04:30',
  PreferredMaintenanceWindow: 'mon:06:00-mon:06:30',
  ReadReplicaIdentifiers: [],
  DBClusterMembers: [
    {
      DBInstanceIdentifier: 'ledger-aurora-1',
      IsClusterWriter: true,
      DBClusterParameterGroupStatus: 'in-sync',
      PromotionTier: 1,
    },
    {
      DBInstanceIdentifier: 'ledger-aurora-2',
      IsClusterWriter: false,
      DBClusterParameterGroupStatus: 'in-sync',
      PromotionTier: 1,
    },
  ],
  VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0d6f2a3b4c5e7f809', Status: 'active' }],
  HostedZoneId: 'Z2R2ITUGPM61AM',
  StorageEncrypted: true,
  KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/5d8f2c1e-7a4b-4e9f-9c3d-2b6a1e0f8d47',
  DbClusterResourceId: 'cluster-EXAMPLE5XKJ3QZ2W7HN4TBY6VA',
  DBClusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:ledger-aurora',
  AssociatedRoles: [],
  IAMDatabaseAuthenticationEnabled: true,
  EngineMode: 'provisioned',
  DeletionProtection: true,
  HttpEndpointEnabled: false,
  CopyTagsToSnapshot: true,
  CrossAccountClone: false,
  DomainMemberships: [],
  EnabledCloudwatchLogsExports: ['postgresql'],
  TagList: [
    { Key: 'team', Value: 'ledger' },
    { Key: 'environment', Value: 'production' },
  ],
};

/** DescribeDBClusters' answer (RDS API) for the DocumentDB cluster of the `docdb-catalog-hardened` fixture. */
const CATALOG_DOCDB: DBCluster = {
  AllocatedStorage: 1,
  AvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  BackupRetentionPeriod: 14,
  DBClusterIdentifier: 'catalog-docdb',
  DBClusterParameterGroup: 'catalog-docdb50-audit',
  DBSubnetGroup: 'catalog-private',
  Status: 'available',
  EarliestRestorableTime: new Date('2026-11-10T03:05:12.000Z'),
  Endpoint: 'catalog-docdb.cluster-c9k2example.us-east-1.docdb.amazonaws.com',
  ReaderEndpoint: 'catalog-docdb.cluster-ro-c9k2example.us-east-1.docdb.amazonaws.com',
  MultiAZ: true,
  Engine: 'docdb',
  EngineVersion: '5.0.0',
  LatestRestorableTime: new Date('2026-11-24T10:07:33.000Z'),
  Port: 27017,
  MasterUsername: 'catalogadmin',
  PreferredBackupWindow: '03:00-03:30',
  PreferredMaintenanceWindow: 'sun:05:00-sun:05:30',
  ReadReplicaIdentifiers: [],
  DBClusterMembers: [
    {
      DBInstanceIdentifier: 'catalog-docdb-1',
      IsClusterWriter: true,
      DBClusterParameterGroupStatus: 'in-sync',
      PromotionTier: 1,
    },
    {
      DBInstanceIdentifier: 'catalog-docdb-2',
      IsClusterWriter: false,
      DBClusterParameterGroupStatus: 'in-sync',
      PromotionTier: 1,
    },
  ],
  VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0c4d5e6f7a8b9c0d1', Status: 'active' }],
  HostedZoneId: 'ZNKXH85TT8WVW',
  StorageEncrypted: true,
  KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/7c1e4a9b-2d3f-4e58-a6b7-0f9e8d7c6b5a',
  DbClusterResourceId: 'cluster-Q4N7ZK2WBX8RT5MLC3HJ6PVD1Y',
  DBClusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:catalog-docdb',
  AssociatedRoles: [],
  IAMDatabaseAuthenticationEnabled: false,
  ClusterCreateTime: new Date('2026-05-02T09:41:17.214Z'),
  EnabledCloudwatchLogsExports: ['audit', 'profiler'],
  DeletionProtection: true,
  CrossAccountClone: false,
  DomainMemberships: [],
  TagList: [
    { Key: 'team', Value: 'catalog' },
    { Key: 'environment', Value: 'production' },
    { Key: 'data-classification', Value: 'confidential' },
  ],
};

describe('describeDbCluster', () => {
  beforeEach(() => rds.reset());

  it('builds the item AWS Config records: bean naming, cluster resource id, tags out of the configuration', async () => {
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'ledger-aurora' }).resolves({
      DBClusters: [LEDGER_CLUSTER],
    });
    const fixture = loadFixture('AWS::RDS::DBInstance', 'aurora-postgresql-cluster-member');
    const recorded = fixture.inventory.itemsOfType('AWS::RDS::DBCluster')[0];
    const item = await describeDbCluster(new RDSClient({}), ref('ledger-aurora'));
    expect(item).toMatchObject({
      resourceType: 'AWS::RDS::DBCluster',
      resourceId: recorded?.resourceId,
      resourceName: recorded?.resourceName,
      arn: recorded?.arn,
      status: 'OK',
      captureTime: CAPTURE,
      tags: recorded?.tags,
    });
    expect(item.configuration).toEqual(recorded?.configuration);
  });

  const changes: readonly (readonly [string, Rule, Partial<DBCluster>])[] = [
    ['deletion protection', rdsInstanceDeletionProtectionEnabled, { DeletionProtection: false }],
    ['log exports', rdsLoggingEnabled, { EnabledCloudwatchLogsExports: [] }],
  ];

  it.each(changes)(
    'the member instance rules judge %s by the described cluster as by the recorded one',
    async (_, rule, change) => {
      const fixture = loadFixture('AWS::RDS::DBInstance', 'aurora-postgresql-cluster-member');
      const engine = new RuleEngine([rule]);
      const verdict = (inventory: Inventory) =>
        engine.evaluate(fixture.item, { now: new Date(CAPTURE), inventory })[0]?.compliance;
      const judge = async (cluster: DBCluster) => {
        rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster] });
        const described = await describeDbCluster(new RDSClient({}), ref('ledger-aurora'));
        return verdict(createInventory([described]));
      };
      expect(await judge(LEDGER_CLUSTER)).toBe(verdict(fixture.inventory));
      expect(await judge(LEDGER_CLUSTER)).toBe('COMPLIANT');
      expect(await judge({ ...LEDGER_CLUSTER, ...change })).toBe('NON_COMPLIANT');
    },
  );

  it('describes a DocumentDB cluster (engine docdb, which the RDS API lists) as Config records it', async () => {
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'catalog-docdb' }).resolves({
      DBClusters: [CATALOG_DOCDB],
    });
    const recorded = loadFixture('AWS::RDS::DBCluster', 'docdb-catalog-hardened').item;
    const item = await describeDbCluster(new RDSClient({}), ref('catalog-docdb'));
    expect(item).toMatchObject({
      resourceId: recorded.resourceId,
      resourceName: recorded.resourceName,
      arn: recorded.arn,
      tags: recorded.tags,
    });
    expect(item.configuration).toEqual(recorded.configuration);
  });

  const docdbChanges: readonly (readonly [string, Partial<DBCluster>])[] = [
    ['docdb-cluster-encrypted', { StorageEncrypted: false, KmsKeyId: undefined }],
    ['docdb-cluster-backup-retention-check', { BackupRetentionPeriod: 1 }],
    ['docdb-cluster-deletion-protection-enabled', { DeletionProtection: false }],
    ['docdb-cluster-audit-logging-enabled', { EnabledCloudwatchLogsExports: ['profiler'] }],
  ];

  it.each(docdbChanges)(
    '%s passes the described DocumentDB cluster and fails it once %j',
    async (ruleId, change) => {
      const engine = new RuleEngine(docdbRules.filter((rule) => rule.id === ruleId));
      const judge = async (cluster: DBCluster) => {
        rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster] });
        const item = await describeDbCluster(new RDSClient({}), ref('catalog-docdb'));
        return engine.evaluate(item, { now: new Date(CAPTURE), inventory: createInventory([item]) })[0]
          ?.compliance;
      };
      expect(await judge(CATALOG_DOCDB)).toBe('COMPLIANT');
      expect(await judge({ ...CATALOG_DOCDB, ...change })).toBe('NON_COMPLIANT');
      expect(await judge({ ...LEDGER_CLUSTER, ...change })).toBe('NOT_APPLICABLE');
    },
  );

  it('a cluster RDS no longer knows is deleted, under the resource id the event named', async () => {
    rds.on(DescribeDBClustersCommand).rejects(awsError('DBClusterNotFoundFault'));
    const item = await describeDbCluster(new RDSClient({}), ref('gone', 'cluster-ABC'));
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: 'cluster-ABC', configuration: null });
    expect((await describeDbCluster(new RDSClient({}), ref('gone'))).resourceId).toBe('gone');
  });

  it('fails the describe on any other error (worth a retry)', async () => {
    rds.on(DescribeDBClustersCommand).rejects(awsError('Throttling'));
    await expect(describeDbCluster(new RDSClient({}), ref('ledger-aurora'))).rejects.toThrow('Throttling');
  });

  it('lists every cluster across pages', async () => {
    rds
      .on(DescribeDBClustersCommand)
      .resolvesOnce({ DBClusters: [{ DBClusterIdentifier: 'a' }], Marker: 'm' })
      .resolvesOnce({ DBClusters: [{ DBClusterIdentifier: 'b' }] });
    const refs = await listDbClusters(new RDSClient({}), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((entry) => entry.lookupId)).toEqual(['a', 'b']);
  });
});

function record(
  eventName: string,
  requestParameters: unknown,
  responseElements: unknown = null,
): CloudTrailRecord {
  return {
    eventID: 'b1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'rds.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters: requestParameters as CloudTrailRecord['requestParameters'],
    responseElements: responseElements as CloudTrailRecord['responseElements'],
  };
}

const refsOf = (entry: CloudTrailRecord) =>
  refsFromCloudTrail(entry, ACCOUNT).map((touched) => [
    touched.resourceType,
    touched.lookupId,
    touched.resourceId,
  ]);

describe('CloudTrail mapping of DB cluster calls', () => {
  it('CreateDBCluster describes the cluster under its resource id', () => {
    expect(
      refsOf(
        record(
          'CreateDBCluster',
          { dBClusterIdentifier: 'ledger-aurora', engine: 'aurora-postgresql', storageEncrypted: true },
          {
            dBClusterIdentifier: 'ledger-aurora',
            dbClusterResourceId: 'cluster-EXAMPLE5XKJ3QZ2W7HN4TBY6VA',
            dBClusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:ledger-aurora',
            dBClusterMembers: [],
          },
        ),
      ),
    ).toEqual([['AWS::RDS::DBCluster', 'ledger-aurora', 'cluster-EXAMPLE5XKJ3QZ2W7HN4TBY6VA']]);
  });

  it('ModifyDBCluster also re-describes the member instances, which are judged by their cluster', () => {
    expect(
      refsOf(
        record(
          'ModifyDBCluster',
          { dBClusterIdentifier: 'ledger-aurora', deletionProtection: false, applyImmediately: true },
          {
            dBClusterIdentifier: 'ledger-aurora',
            dbClusterResourceId: 'cluster-EXAMPLE5XKJ3QZ2W7HN4TBY6VA',
            dBClusterMembers: [
              { dBInstanceIdentifier: 'ledger-aurora-1', isClusterWriter: true, promotionTier: 1 },
              { dBInstanceIdentifier: 'ledger-aurora-2', isClusterWriter: false, promotionTier: 1 },
            ],
          },
        ),
      ),
    ).toEqual([
      ['AWS::RDS::DBCluster', 'ledger-aurora', 'cluster-EXAMPLE5XKJ3QZ2W7HN4TBY6VA'],
      ['AWS::RDS::DBInstance', 'ledger-aurora-1', undefined],
      ['AWS::RDS::DBInstance', 'ledger-aurora-2', undefined],
    ]);
  });

  it.each(['DeleteDBCluster', 'StartDBCluster', 'StopDBCluster', 'RestoreDBClusterFromSnapshot'])(
    '%s describes the cluster it names',
    (name) => {
      expect(refsOf(record(name, { dBClusterIdentifier: 'ledger-aurora' }))[0]).toEqual([
        'AWS::RDS::DBCluster',
        'ledger-aurora',
        undefined,
      ]);
    },
  );

  it.each([
    ['arn:aws:rds:us-east-1:123456789012:cluster:ledger-aurora', 'AWS::RDS::DBCluster', 'ledger-aurora'],
    ['arn:aws:rds:us-east-1:123456789012:db:orders-prod', 'AWS::RDS::DBInstance', 'orders-prod'],
    [
      'arn:aws:rds:us-east-1:123456789012:snapshot:rds:orders-2026',
      'AWS::RDS::DBSnapshot',
      'rds:orders-2026',
    ],
    [
      'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:ledger-monthly',
      'AWS::RDS::DBClusterSnapshot',
      'ledger-monthly',
    ],
  ])('AddTagsToResource on %s touches only that resource (%s)', (arn, type, name) => {
    for (const eventName of ['AddTagsToResource', 'RemoveTagsFromResource']) {
      expect(refsOf(record(eventName, { resourceName: arn, tags: [{ key: 'team', value: 'x' }] }))).toEqual([
        [type, name, undefined],
      ]);
    }
  });

  it('ignores tag calls on other RDS resources (parameter groups, option groups)', () => {
    expect(
      refsOf(
        record('AddTagsToResource', { resourceName: 'arn:aws:rds:us-east-1:123456789012:pg:custom-pg' }),
      ),
    ).toEqual([]);
  });
});
