import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import { describeTable, listTables } from '#shared/describe/dynamodb-table/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { dynamodbRules } from '#shared/rules/dynamodb/index';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const CAPTURE = '2026-11-23T09:30:00.000Z';
const dynamodb = mockClient(DynamoDBClient);
const engine = new RuleEngine(dynamodbRules);

const ref = (lookupId: string): ResourceRef => ({
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: 'AWS::DynamoDB::Table',
  lookupId,
  captureTime: CAPTURE,
});

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

const CREATED = new Date(1718790252117);

/** DescribeTable's answer for the `orders-cmk-with-pitr` fixture. */
const ORDERS: TableDescription = {
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  TableName: 'orders',
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  TableStatus: 'ACTIVE',
  CreationDateTime: CREATED,
  ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
  TableSizeBytes: 48213377,
  ItemCount: 201344,
  TableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders',
  TableId: '6c1f0a3e-2b7d-4e59-a814-93d2c5b7e0f1',
  BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: CREATED },
  GlobalSecondaryIndexes: [],
  LocalSecondaryIndexes: [],
  Replicas: [],
  TableClassSummary: { TableClass: 'STANDARD' },
  DeletionProtectionEnabled: true,
  SSEDescription: {
    Status: 'ENABLED',
    SSEType: 'KMS',
    KMSMasterKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9',
  },
};

const PITR_ON = {
  ContinuousBackupsDescription: {
    ContinuousBackupsStatus: 'ENABLED' as const,
    PointInTimeRecoveryDescription: {
      PointInTimeRecoveryStatus: 'ENABLED' as const,
      EarliestRestorableDateTime: new Date(1760979729000),
      LatestRestorableDateTime: new Date(1763648529000),
      RecoveryPeriodInDays: 35,
    },
  },
};

const verdicts = (item: Parameters<RuleEngine['evaluate']>[0]) =>
  Object.fromEntries(
    engine
      .evaluate(item, { now: new Date(CAPTURE), inventory: EMPTY_INVENTORY })
      .map((evaluation) => [evaluation.ruleId, evaluation.compliance]),
  );

describe('describeTable', () => {
  beforeEach(() => {
    dynamodb.reset();
    dynamodb.on(DescribeTableCommand, { TableName: 'orders' }).resolves({ Table: ORDERS });
    dynamodb.on(DescribeContinuousBackupsCommand, { TableName: 'orders' }).resolves(PITR_ON);
    dynamodb.on(ListTagsOfResourceCommand).resolves({
      Tags: [
        { Key: 'team', Value: 'payments' },
        { Key: 'data-classification', Value: 'confidential' },
      ],
    });
  });

  it('builds the item AWS Config records: bean naming, PITR and tags as supplementary configuration', async () => {
    const fixture = loadFixture('AWS::DynamoDB::Table', 'orders-cmk-with-pitr');
    const item = await describeTable(new DynamoDBClient({}), ref('orders'));
    expect(item).toMatchObject({
      resourceId: fixture.item.resourceId,
      resourceName: fixture.item.resourceName,
      arn: fixture.item.arn,
      tags: fixture.item.tags,
      status: 'OK',
    });
    expect(item.configuration).toEqual(fixture.item.configuration);
    expect(item.supplementaryConfiguration).toEqual(fixture.item.supplementaryConfiguration);
    expect(verdicts(item)).toEqual(verdicts(fixture.item));
    expect(verdicts(item)).toEqual({
      'dynamodb-pitr-enabled': 'COMPLIANT',
      'dynamodb-table-encrypted-kms': 'COMPLIANT',
      'dynamodb-table-deletion-protection-enabled': 'COMPLIANT',
    });
  });

  it('an AWS owned key and PITR off fail both rules, as the matching fixture does', async () => {
    const { SSEDescription: _owned, ...ownedKey } = ORDERS;
    dynamodb.on(DescribeTableCommand).resolves({ Table: ownedKey });
    dynamodb.on(DescribeContinuousBackupsCommand).resolves({
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: 'ENABLED',
        PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' },
      },
    });
    const item = await describeTable(new DynamoDBClient({}), ref('orders'));
    expect(item.supplementaryConfiguration.ContinuousBackupsDescription).toEqual(
      loadFixture('AWS::DynamoDB::Table', 'sessions-owned-key-no-pitr').item.supplementaryConfiguration
        .ContinuousBackupsDescription,
    );
    expect(verdicts(item)).toEqual(
      verdicts(loadFixture('AWS::DynamoDB::Table', 'sessions-owned-key-no-pitr').item),
    );
    expect(verdicts(item)).toMatchObject({
      'dynamodb-pitr-enabled': 'NON_COMPLIANT',
      'dynamodb-table-encrypted-kms': 'NON_COMPLIANT',
    });
  });

  it('reads a table an event names by ARN', async () => {
    const item = await describeTable(
      new DynamoDBClient({}),
      ref('arn:aws:dynamodb:us-east-1:123456789012:table/orders'),
    );
    expect(item.resourceId).toBe('orders');
  });

  it('leaves PITR and tags out when they may not be read (never "PITR off")', async () => {
    dynamodb.on(DescribeContinuousBackupsCommand).rejects(awsError('AccessDeniedException'));
    dynamodb.on(ListTagsOfResourceCommand).rejects(awsError('AccessDeniedException'));
    const item = await describeTable(new DynamoDBClient({}), ref('orders'));
    expect(item.supplementaryConfiguration).toEqual({});
    expect(item.tags).toEqual({});
    expect(item.configuration).toMatchObject({ tableName: 'orders' });
  });

  it('reads every page of tags', async () => {
    dynamodb
      .on(ListTagsOfResourceCommand)
      .resolvesOnce({ Tags: [{ Key: 'a', Value: '1' }], NextToken: 't' })
      .resolvesOnce({ Tags: [{ Key: 'b', Value: '2' }] });
    const item = await describeTable(new DynamoDBClient({}), ref('orders'));
    expect(item.tags).toEqual({ a: '1', b: '2' });
  });

  it('a table DynamoDB no longer knows is deleted', async () => {
    dynamodb.on(DescribeTableCommand).rejects(awsError('ResourceNotFoundException'));
    const item = await describeTable(new DynamoDBClient({}), ref('gone'));
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: 'gone', configuration: null });
  });

  it('lists every table across pages', async () => {
    dynamodb
      .on(ListTablesCommand)
      .resolvesOnce({ TableNames: ['a', 'b'], LastEvaluatedTableName: 'b' })
      .resolvesOnce({ TableNames: ['c'] });
    const refs = await listTables(new DynamoDBClient({}), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((entry) => entry.lookupId)).toEqual(['a', 'b', 'c']);
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
    eventSource: 'dynamodb.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters: requestParameters as CloudTrailRecord['requestParameters'],
    responseElements: responseElements as CloudTrailRecord['responseElements'],
  };
}

const refsOf = (entry: CloudTrailRecord) =>
  refsFromCloudTrail(entry, ACCOUNT).map((touched) => [touched.resourceType, touched.lookupId]);

describe('CloudTrail mapping of DynamoDB table calls', () => {
  it.each([
    [
      'CreateTable',
      { tableName: 'orders', billingMode: 'PAY_PER_REQUEST', sSESpecification: { enabled: true } },
      { tableDescription: { tableName: 'orders', tableStatus: 'CREATING' } },
    ],
    ['UpdateTable', { tableName: 'orders', deletionProtectionEnabled: true }, null],
    [
      'UpdateContinuousBackups',
      { tableName: 'orders', pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true } },
      null,
    ],
    ['DeleteTable', { tableName: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders' }, null],
    ['RestoreTableToPointInTime', { sourceTableName: 'orders-old', targetTableName: 'orders' }, null],
    [
      'TagResource',
      {
        resourceArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders',
        tags: [{ key: 'a', value: 'b' }],
      },
      null,
    ],
    [
      'UntagResource',
      { resourceArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders', tagKeys: ['a'] },
      null,
    ],
  ])('%s describes the table it names', (name, request, response) => {
    expect(refsOf(record(name, request, response))).toEqual([['AWS::DynamoDB::Table', 'orders']]);
  });

  it('UpdateTable logged without the table name in its request maps from the response', () => {
    expect(
      refsOf(
        record(
          'UpdateTable',
          { provisionedThroughput: { writeCapacityUnits: 25, readCapacityUnits: 25 } },
          { tableDescription: { tableName: 'Music', tableStatus: 'UPDATING' } },
        ),
      ),
    ).toEqual([['AWS::DynamoDB::Table', 'Music']]);
  });
});
