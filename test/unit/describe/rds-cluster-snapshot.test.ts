import {
  type DBClusterSnapshot,
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import {
  describeDbClusterSnapshot,
  listDbClusterSnapshots,
} from '#shared/describe/rds-cluster-snapshot/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { docdbClusterSnapshotPublicProhibited } from '#shared/rules/docdb/docdb-cluster-snapshot-public-prohibited';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { rdsSnapshotsPublicProhibited } from '#shared/rules/rds/rds-snapshots-public-prohibited';
import { loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const CAPTURE = '2026-11-23T09:30:00.000Z';
const rds = mockClient(RDSClient);
const engine = new RuleEngine([rdsSnapshotsPublicProhibited]);

const ref = (lookupId: string): ResourceRef => ({
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: 'AWS::RDS::DBClusterSnapshot',
  lookupId,
  captureTime: CAPTURE,
});

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

/** DescribeDBClusterSnapshots' answer for the `manual-shared-with-dr-account` fixture. */
const MONTHLY: DBClusterSnapshot = {
  AvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  DBClusterSnapshotIdentifier: 'ledger-aurora-monthly-2026-11',
  DBClusterIdentifier: 'ledger-aurora',
  SnapshotCreateTime: new Date('2026-11-10T01:30:22.000Z'),
  Engine: 'aurora-postgresql',
  EngineMode: 'provisioned',
  AllocatedStorage: 0,
  Status: 'available',
  Port: 0,
  VpcId: 'vpc-0a1b2c3d4e5f60718',
  ClusterCreateTime: new Date('2025-09-30T09:41:27.552Z'),
  MasterUsername: 'ledger_admin',
  EngineVersion: '16.4',
  LicenseModel: 'postgresql-license',
  SnapshotType: 'manual',
  PercentProgress: 100,
  StorageEncrypted: true,
  KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/5d8f2c1e-7a4b-4e9f-9c3d-2b6a1e0f8d47',
  DBClusterSnapshotArn: 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:ledger-aurora-monthly-2026-11',
  IAMDatabaseAuthenticationEnabled: true,
  TagList: [
    { Key: 'team', Value: 'ledger' },
    { Key: 'purpose', Value: 'dr-copy' },
  ],
};

function restore(...values: string[]) {
  return {
    DBClusterSnapshotAttributesResult: {
      DBClusterSnapshotIdentifier: 'ledger-aurora-monthly-2026-11',
      DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: values }],
    },
  };
}

const verdictOf = (item: Parameters<RuleEngine['evaluate']>[0]) =>
  engine.evaluate(item, { now: new Date(CAPTURE), inventory: EMPTY_INVENTORY })[0]?.compliance;

describe('describeDbClusterSnapshot', () => {
  beforeEach(() => {
    rds.reset();
    rds
      .on(DescribeDBClusterSnapshotsCommand, { DBClusterSnapshotIdentifier: 'ledger-aurora-monthly-2026-11' })
      .resolves({ DBClusterSnapshots: [MONTHLY] });
  });

  it('builds the item AWS Config records: bean naming, restore attribute as supplementary configuration', async () => {
    rds.on(DescribeDBClusterSnapshotAttributesCommand).resolves(restore('210987654321'));
    const fixture = loadFixture('AWS::RDS::DBClusterSnapshot', 'manual-shared-with-dr-account');
    const item = await describeDbClusterSnapshot(new RDSClient({}), ref('ledger-aurora-monthly-2026-11'));
    expect(item).toMatchObject({
      resourceId: fixture.item.resourceId,
      resourceName: fixture.item.resourceName,
      arn: fixture.item.arn,
      tags: fixture.item.tags,
      status: 'OK',
    });
    expect(item.configuration).toEqual(fixture.item.configuration);
    expect(item.supplementaryConfiguration).toEqual(fixture.item.supplementaryConfiguration);
    expect(verdictOf(item)).toBe('COMPLIANT');
  });

  it('a public cluster snapshot fails the snapshot rule', async () => {
    rds.on(DescribeDBClusterSnapshotAttributesCommand).resolves(restore('all', '210987654321'));
    const item = await describeDbClusterSnapshot(new RDSClient({}), ref('ledger-aurora-monthly-2026-11'));
    expect(verdictOf(item)).toBe(verdictOf(loadFixture('AWS::RDS::DBClusterSnapshot', 'manual-public').item));
    expect(verdictOf(item)).toBe('NON_COMPLIANT');
  });

  it('describes a DocumentDB cluster snapshot, which docdb-cluster-snapshot-public-prohibited judges by its restore attribute', async () => {
    const docdb = new RuleEngine([docdbClusterSnapshotPublicProhibited]);
    const judge = (item: Parameters<RuleEngine['evaluate']>[0]) =>
      docdb.evaluate(item, { now: new Date(CAPTURE), inventory: EMPTY_INVENTORY })[0]?.compliance;
    rds.on(DescribeDBClusterSnapshotsCommand).resolves({
      DBClusterSnapshots: [{ ...MONTHLY, Engine: 'docdb', EngineVersion: '5.0.0', EngineMode: undefined }],
    });
    rds.on(DescribeDBClusterSnapshotAttributesCommand).resolves(restore('all'));
    const item = await describeDbClusterSnapshot(new RDSClient({}), ref('ledger-aurora-monthly-2026-11'));
    expect(item.configuration).toMatchObject({ engine: 'docdb' });
    expect(judge(item)).toBe('NON_COMPLIANT');
    expect(judge(item)).toBe(judge(loadFixture('AWS::RDS::DBClusterSnapshot', 'docdb-manual-public').item));
    rds.on(DescribeDBClusterSnapshotAttributesCommand).resolves(restore('210987654321'));
    expect(
      judge(await describeDbClusterSnapshot(new RDSClient({}), ref('ledger-aurora-monthly-2026-11'))),
    ).toBe('COMPLIANT');
    // The Aurora snapshot, public as it is, is not this rule's to judge.
    rds.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [MONTHLY] });
    rds.on(DescribeDBClusterSnapshotAttributesCommand).resolves(restore('all'));
    expect(
      judge(await describeDbClusterSnapshot(new RDSClient({}), ref('ledger-aurora-monthly-2026-11'))),
    ).toBe('NOT_APPLICABLE');
  });

  it('leaves the attributes out when they may not be read', async () => {
    rds.on(DescribeDBClusterSnapshotAttributesCommand).rejects(awsError('AccessDenied'));
    const item = await describeDbClusterSnapshot(new RDSClient({}), ref('ledger-aurora-monthly-2026-11'));
    expect(item.supplementaryConfiguration).toEqual({});
  });

  it('does not read the attributes of an automated snapshot', async () => {
    rds.on(DescribeDBClusterSnapshotsCommand).resolves({
      DBClusterSnapshots: [{ ...MONTHLY, SnapshotType: 'automated' }],
    });
    const item = await describeDbClusterSnapshot(new RDSClient({}), ref('ledger-aurora-monthly-2026-11'));
    expect(rds.commandCalls(DescribeDBClusterSnapshotAttributesCommand)).toHaveLength(0);
    expect(verdictOf(item)).toBe('COMPLIANT');
  });

  it('a cluster snapshot RDS no longer knows is deleted, keyed by its identifier', async () => {
    rds.on(DescribeDBClusterSnapshotsCommand).rejects(awsError('DBClusterSnapshotNotFoundFault'));
    const item = await describeDbClusterSnapshot(
      new RDSClient({}),
      ref('arn:aws:rds:us-east-1:123456789012:cluster-snapshot:gone'),
    );
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: 'gone' });
  });

  it('lists every cluster snapshot across pages', async () => {
    rds
      .on(DescribeDBClusterSnapshotsCommand)
      .resolvesOnce({ DBClusterSnapshots: [{ DBClusterSnapshotIdentifier: 'a' }], Marker: 'm' })
      .resolvesOnce({ DBClusterSnapshots: [{ DBClusterSnapshotIdentifier: 'b' }] });
    const refs = await listDbClusterSnapshots(new RDSClient({}), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((entry) => entry.lookupId)).toEqual(['a', 'b']);
  });
});

function record(eventName: string, requestParameters: unknown): CloudTrailRecord {
  return {
    eventID: 'b1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'rds.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters: requestParameters as CloudTrailRecord['requestParameters'],
    responseElements: null,
  };
}

const refsOf = (entry: CloudTrailRecord) =>
  refsFromCloudTrail(entry, ACCOUNT).map((touched) => [touched.resourceType, touched.lookupId]);

describe('CloudTrail mapping of DB cluster snapshot calls', () => {
  it.each(['CreateDBClusterSnapshot', 'ModifyDBClusterSnapshotAttribute', 'DeleteDBClusterSnapshot'])(
    '%s describes the cluster snapshot it names',
    (name) => {
      expect(
        refsOf(
          record(name, {
            dBClusterSnapshotIdentifier: 'ledger-monthly',
            dBClusterIdentifier: 'ledger-aurora',
            attributeName: 'restore',
            valuesToAdd: ['all'],
          }),
        ),
      ).toEqual([['AWS::RDS::DBClusterSnapshot', 'ledger-monthly']]);
    },
  );

  it('CopyDBClusterSnapshot describes the copy', () => {
    expect(
      refsOf(
        record('CopyDBClusterSnapshot', {
          sourceDBClusterSnapshotIdentifier: 'ledger-monthly',
          targetDBClusterSnapshotIdentifier: 'ledger-monthly-copy',
        }),
      ),
    ).toEqual([['AWS::RDS::DBClusterSnapshot', 'ledger-monthly-copy']]);
  });
});
