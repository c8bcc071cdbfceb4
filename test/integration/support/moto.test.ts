import { performance } from 'node:perf_hooks';
import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { awsClientConfig, s3ClientConfig, uniqueName } from '#test/support/moto';
import { s3Failure } from '#test/support/s3-failure';

const ONE_DAY_MS = 86_400_000;

describe('moto harness: S3 Object Lock in COMPLIANCE mode', () => {
  const endpoint = inject('motoEndpoint');
  const s3 = new S3Client(s3ClientConfig(endpoint));
  const bucket = uniqueName('vigil-harness');
  const key = 'findings/2026/finding.json';
  let versionId = '';

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: JSON.stringify({ ruleId: 's3-bucket-ssl-requests-only', result: 'COMPLIANT' }),
        ContentType: 'application/json',
        ObjectLockMode: 'COMPLIANCE',
        ObjectLockRetainUntilDate: new Date(Date.now() + ONE_DAY_MS),
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    versionId = put.VersionId ?? '';
  });

  afterAll(() => s3.destroy());

  it('serves on loopback through the injected endpoint', () => {
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('versions the locked object and reports COMPLIANCE retention on HeadObject', async () => {
    expect(versionId).not.toBe('');
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    expect(head.ObjectLockRetainUntilDate?.getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses to delete the locked version with AccessDenied, even with the governance bypass', async () => {
    for (const bypass of [undefined, true]) {
      const error = await s3Failure(() =>
        s3.send(
          new DeleteObjectCommand({
            Bucket: bucket,
            Key: key,
            VersionId: versionId,
            BypassGovernanceRetention: bypass,
          }),
        ),
      );
      expect(error.name).toBe('AccessDenied');
      expect(error.$metadata.httpStatusCode).toBe(403);
    }
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    expect(head.VersionId).toBe(versionId);
  });

  it('only adds a delete marker when DeleteObject names no version', async () => {
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    expect(deleted.DeleteMarker).toBe(true);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
    expect(versions.Versions?.map((v) => v.VersionId)).toEqual([versionId]);
    expect(versions.DeleteMarkers?.map((m) => m.VersionId)).toEqual([deleted.VersionId]);
  });

  it('refuses a locked put that carries neither Content-MD5 nor a checksum', async () => {
    const bare = new S3Client({ ...s3ClientConfig(endpoint), requestChecksumCalculation: 'WHEN_REQUIRED' });
    try {
      const error = await s3Failure(() =>
        bare.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: uniqueName('no-checksum'),
            Body: '{}',
            ObjectLockMode: 'COMPLIANCE',
            ObjectLockRetainUntilDate: new Date(Date.now() + ONE_DAY_MS),
          }),
        ),
      );
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(error.message).toMatch(/Content-MD5 or x-amz-sdk-checksum-algorithm header required/);
    } finally {
      bare.destroy();
    }
  });
});

describe('moto harness: DynamoDB conditional writes are atomic, as on AWS', () => {
  const endpoint = inject('motoEndpoint');
  const dynamodb = new DynamoDBClient(awsClientConfig(endpoint));
  const table = uniqueName('vigil-harness-cond');

  beforeAll(async () => {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
  });
  afterAll(() => dynamodb.destroy());

  it('lets exactly one of many concurrent attribute_not_exists puts of one key succeed', async () => {
    for (let round = 0; round < 20; round += 1) {
      const outcomes = await Promise.all(
        Array.from({ length: 32 }, (_, writer) =>
          dynamodb
            .send(
              new PutItemCommand({
                TableName: table,
                Item: { pk: { S: `row-${round}` }, writer: { N: String(writer) } },
                ConditionExpression: 'attribute_not_exists(pk)',
              }),
            )
            .then(
              () => 'written',
              (error: unknown) => {
                if (error instanceof ConditionalCheckFailedException) return 'refused';
                throw error;
              },
            ),
        ),
      );
      expect(outcomes.filter((outcome) => outcome === 'written')).toHaveLength(1);
    }
  });
});

describe('moto harness: a DynamoDB transaction that fails leaves every item it named as it was', () => {
  const endpoint = inject('motoEndpoint');
  const dynamodb = new DynamoDBClient(awsClientConfig(endpoint));
  const table = uniqueName('vigil-harness-tx');
  const counter = { pk: { S: 'shard' }, sk: { S: 'counter' } };

  /** Count of the counter row. */
  async function count(): Promise<string | undefined> {
    const row = await dynamodb.send(
      new GetItemCommand({ TableName: table, Key: counter, ConsistentRead: true }),
    );
    return row.Item?.n?.N;
  }

  /** Marks a page and counts it on the shard, as the sweep store does: the marker must not exist yet. */
  function countPage(page: string) {
    return new TransactWriteItemsCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: { pk: { S: 'sweep' }, sk: { S: page } },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: table,
            Key: counter,
            UpdateExpression: 'ADD n :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          },
        },
      ],
    });
  }

  beforeAll(async () => {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    await dynamodb.send(new PutItemCommand({ TableName: table, Item: { ...counter, n: { N: '0' } } }));
  });
  afterAll(() => dynamodb.destroy());

  it('applies every write of a transaction whose conditions hold', async () => {
    await dynamodb.send(countPage('page#1'));
    expect(await count()).toBe('1');
  });

  it('rolls back an update made before a later write’s condition failed', async () => {
    const write = dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: counter,
              UpdateExpression: 'ADD n :ten',
              ExpressionAttributeValues: { ':ten': { N: '10' } },
            },
          },
          {
            Put: {
              TableName: table,
              Item: { pk: { S: 'sweep' }, sk: { S: 'page#1' } },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    await expect(write).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(await count()).toBe('1');
  });

  it('removes an item a failed transaction had created', async () => {
    const write = dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { pk: { S: 'sweep' }, sk: { S: 'page#2' } } } },
          {
            ConditionCheck: {
              TableName: table,
              Key: counter,
              ConditionExpression: 'n = :nine',
              ExpressionAttributeValues: { ':nine': { N: '9' } },
            },
          },
        ],
      }),
    );
    await expect(write).rejects.toBeInstanceOf(TransactionCanceledException);
    const created = await dynamodb.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'sweep' }, sk: { S: 'page#2' } } }),
    );
    expect(created.Item).toBeUndefined();
    // The page can still be counted once.
    await dynamodb.send(countPage('page#2'));
    expect(await count()).toBe('2');
  });

  it('keeps a transaction on a table of thousands of rows about as cheap as on a nearly empty one', async () => {
    const timed = async (first: number): Promise<number> => {
      const started = performance.now();
      for (let page = first; page < first + 20; page++) await dynamodb.send(countPage(`page#${page}`));
      return performance.now() - started;
    };
    const small = await timed(100);
    for (let index = 0; index < 5_000; index += 25) {
      await dynamodb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [table]: Array.from({ length: 25 }, (_, offset) => ({
              PutRequest: {
                Item: {
                  pk: { S: `resource-${index + offset}` },
                  sk: { S: 'resource' },
                  lines: { B: new Uint8Array(512) },
                },
              },
            })),
          },
        }),
      );
    }
    const large = await timed(200);
    // moto's own rollback copy (every row, once per item named) made them about 40 times slower here.
    expect(large / small).toBeLessThan(5);
    expect(await count()).toBe('42');
  });
});
