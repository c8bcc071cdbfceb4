import {
  type DBSnapshot,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import { describeDbSnapshot, listDbSnapshots } from '#shared/describe/rds-snapshot/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
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
  resourceType: 'AWS::RDS::DBSnapshot',
  lookupId,
  captureTime: CAPTURE,
});

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

/** DescribeDBSnapshots' answer for the `manual-not-shared` fixture. */
const BEFORE_MIGRATION: DBSnapshot = {
  DBSnapshotIdentifier: 'orders-prod-before-migration',
  DBInstanceIdentifier: 'orders-prod',
  SnapshotCreateTime: new Date('2026-11-02T22:00:14.310Z'),
  Engine: 'postgres',
  AllocatedStorage: 200,
  Status: 'available',
  Port: 5432,
  AvailabilityZone: 'us-east-1a',
  VpcId: 'vpc-0a1b2c3d4e5f60718',
  InstanceCreateTime: new Date('2025-03-04T15:22:09.118Z'),
  MasterUsername: 'orders_admin',
  EngineVersion: '16.4',
  LicenseModel: 'postgresql-license',
  SnapshotType: 'manual',
  OptionGroupName: 'default:postgres-16',
  PercentProgress: 100,
  StorageType: 'gp3',
  Encrypted: true,
  KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/5d8f2c1e-7a4b-4e9f-9c3d-2b6a1e0f8d47',
  DBSnapshotArn: 'arn:aws:rds:us-east-1:123456789012:snapshot:orders-prod-before-migration',
  IAMDatabaseAuthenticationEnabled: true,
  ProcessorFeatures: [],
  DbiResourceId: 'db-7QHZK2M4XNVBW5R3TY6UJ2LPEA',
  TagList: [
    { Key: 'team', Value: 'payments' },
    { Key: 'purpose', Value: 'pre-migration' },
  ],
};

function restore(...values: string[]) {
  return {
    DBSnapshotAttributesResult: {
      DBSnapshotIdentifier: 'orders-prod-before-migration',
      DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: values }],
    },
  };
}

const verdictOf = (item: Parameters<RuleEngine['evaluate']>[0]) =>
  engine.evaluate(item, { now: new Date(CAPTURE), inventory: EMPTY_INVENTORY })[0]?.compliance;

describe('describeDbSnapshot', () => {
  beforeEach(() => {
    rds.reset();
    rds.on(DescribeDBSnapshotsCommand, { DBSnapshotIdentifier: 'orders-prod-before-migration' }).resolves({
      DBSnapshots: [BEFORE_MIGRATION],
    });
  });

  it('builds the item AWS Config records, with the restore attribute as supplementary configuration', async () => {
    rds.on(DescribeDBSnapshotAttributesCommand).resolves(restore());
    const fixture = loadFixture('AWS::RDS::DBSnapshot', 'manual-not-shared');
    const item = await describeDbSnapshot(new RDSClient({}), ref('orders-prod-before-migration'));
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

  it.each([
    [['all'], 'NON_COMPLIANT'],
    [['210987654321'], 'COMPLIANT'],
    [[], 'COMPLIANT'],
  ])('restore %j: the snapshot rule judges the described item %s', async (values, expected) => {
    rds.on(DescribeDBSnapshotAttributesCommand).resolves(restore(...values));
    const item = await describeDbSnapshot(new RDSClient({}), ref('orders-prod-before-migration'));
    expect(verdictOf(item)).toBe(expected);
  });

  it('describes the snapshot a shared-snapshot ARN names by its identifier', async () => {
    rds.on(DescribeDBSnapshotAttributesCommand).resolves(restore());
    const item = await describeDbSnapshot(
      new RDSClient({}),
      ref('arn:aws:rds:us-east-1:123456789012:snapshot:orders-prod-before-migration'),
    );
    expect(item.resourceId).toBe('orders-prod-before-migration');
  });

  it('leaves the attributes out when they may not be read (never "not shared")', async () => {
    rds.on(DescribeDBSnapshotAttributesCommand).rejects(awsError('AccessDenied'));
    const item = await describeDbSnapshot(new RDSClient({}), ref('orders-prod-before-migration'));
    expect(item.supplementaryConfiguration).toEqual({});
  });

  it('does not read the attributes of an automated snapshot, which cannot be shared', async () => {
    const automated = loadFixture('AWS::RDS::DBSnapshot', 'automated');
    rds.on(DescribeDBSnapshotsCommand).resolves({
      DBSnapshots: [
        {
          ...BEFORE_MIGRATION,
          DBSnapshotIdentifier: 'rds:orders-prod-2026-11-22-03-00',
          SnapshotType: 'automated',
        },
      ],
    });
    const item = await describeDbSnapshot(new RDSClient({}), ref('rds:orders-prod-2026-11-22-03-00'));
    expect(rds.commandCalls(DescribeDBSnapshotAttributesCommand)).toHaveLength(0);
    expect(item.supplementaryConfiguration).toEqual(automated.item.supplementaryConfiguration);
    expect(verdictOf(item)).toBe('COMPLIANT');
  });

  it('a snapshot RDS no longer knows is deleted, keyed by its identifier', async () => {
    rds.on(DescribeDBSnapshotsCommand).rejects(awsError('DBSnapshotNotFoundFault'));
    const item = await describeDbSnapshot(
      new RDSClient({}),
      ref('arn:aws:rds:us-east-1:123456789012:snapshot:gone'),
    );
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: 'gone', configuration: null });
  });

  it('lists every snapshot across pages', async () => {
    rds
      .on(DescribeDBSnapshotsCommand)
      .resolvesOnce({ DBSnapshots: [{ DBSnapshotIdentifier: 'a' }], Marker: 'm' })
      .resolvesOnce({ DBSnapshots: [{ DBSnapshotIdentifier: 'rds:b' }] });
    const refs = await listDbSnapshots(new RDSClient({}), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((entry) => [entry.resourceType, entry.lookupId])).toEqual([
      ['AWS::RDS::DBSnapshot', 'a'],
      ['AWS::RDS::DBSnapshot', 'rds:b'],
    ]);
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
  refsFromCloudTrail(entry, ACCOUNT).map((touched) => [touched.resourceType, touched.lookupId]);

describe('CloudTrail mapping of DB snapshot calls', () => {
  it('ModifyDBSnapshotAttribute (as CloudTrail logs it) describes the snapshot it shares', () => {
    expect(
      refsOf(
        record(
          'ModifyDBSnapshotAttribute',
          { dBSnapshotIdentifier: 'exfiltration', attributeName: 'restore', valuesToAdd: ['all'] },
          {
            dBSnapshotIdentifier: 'exfiltration',
            dBSnapshotAttributes: [{ attributeName: 'restore', attributeValues: ['all'] }],
          },
        ),
      ),
    ).toEqual([['AWS::RDS::DBSnapshot', 'exfiltration']]);
  });

  it.each(['CreateDBSnapshot', 'DeleteDBSnapshot', 'ModifyDBSnapshot'])(
    '%s describes the snapshot it names',
    (name) => {
      expect(
        refsOf(record(name, { dBSnapshotIdentifier: 'nightly', dBInstanceIdentifier: 'orders-prod' })),
      ).toEqual([['AWS::RDS::DBSnapshot', 'nightly']]);
    },
  );

  it('CopyDBSnapshot describes the copy, not the source', () => {
    expect(
      refsOf(
        record('CopyDBSnapshot', {
          sourceDBSnapshotIdentifier: 'rds:orders-prod-2026-11-22-03-00',
          targetDBSnapshotIdentifier: 'orders-prod-copy',
        }),
      ),
    ).toEqual([['AWS::RDS::DBSnapshot', 'orders-prod-copy']]);
  });
});
