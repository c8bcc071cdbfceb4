import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DynamoDbLedger,
  LEDGER_SHARDS,
  ledgerPartitionKey,
  ledgerShardOf,
} from '#shared/evidence/dynamodb-ledger';
import { EvidenceError } from '#shared/evidence/errors';

const documents = mockClient(DynamoDBDocumentClient);
const sha = 'a'.repeat(64);

function ledger(): DynamoDbLedger {
  return new DynamoDbLedger({ client: new DynamoDBClient({ region: 'us-east-1' }), table: 'vigil-state' });
}

function conflict(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

beforeEach(() => documents.reset());

describe('ledger keys', () => {
  it('partitions an hour into shards by the key hash, stably', () => {
    expect(ledgerPartitionKey(new Date('2026-11-23T10:59:59Z'), 3)).toBe('LEDGER#2026-11-23T10#3');
    const shards = new Set(
      Array.from({ length: 200 }, (_, index) => ledgerShardOf(`findings/${index}.json`)),
    );
    expect(shards.size).toBe(LEDGER_SHARDS);
    expect(ledgerShardOf('findings/x.json')).toBe(ledgerShardOf('findings/x.json'));
  });
});

describe('DynamoDbLedger.record', () => {
  it('puts one row in the hour of the write, only if absent, with a TTL', async () => {
    documents.on(PutCommand).resolves({});
    await ledger().record({ key: 'findings/x.json', sha256: sha, writtenAt: '2026-11-23T10:20:00.000Z' });
    const input = documents.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      TableName: 'vigil-state',
      Item: {
        pk: `LEDGER#2026-11-23T10#${ledgerShardOf('findings/x.json')}`,
        sk: 'findings/x.json',
        sha256: sha,
        writtenAt: '2026-11-23T10:20:00.000Z',
        expiresAt: Date.parse('2026-11-23T10:20:00Z') / 1000 + 35 * 86_400,
      },
      ConditionExpression: 'attribute_not_exists(#pk)',
    });
  });

  it('treats a row already there (a redelivery) as done', async () => {
    documents.on(PutCommand).rejects(conflict());
    await expect(
      ledger().record({ key: 'findings/x.json', sha256: sha, writtenAt: '2026-11-23T10:20:00.000Z' }),
    ).resolves.toBeUndefined();
  });

  it('fails with an EvidenceError on any other error, so the message is retried', async () => {
    documents.on(PutCommand).rejects(new Error('throttled'));
    await expect(
      ledger().record({ key: 'findings/x.json', sha256: sha, writtenAt: '2026-11-23T10:20:00.000Z' }),
    ).rejects.toBeInstanceOf(EvidenceError);
  });
});

describe('DynamoDbLedger.listPeriod', () => {
  it('queries every shard of the hour, following pages', async () => {
    documents
      .on(QueryCommand)
      .callsFake((input: { ExpressionAttributeValues: { ':pk': string }; ExclusiveStartKey?: unknown }) => {
        const pk = input.ExpressionAttributeValues[':pk'];
        if (pk.endsWith('#0') && input.ExclusiveStartKey === undefined) {
          return {
            Items: [{ pk, sk: 'findings/a.json', sha256: sha, writtenAt: '2026-11-23T10:01:00Z' }],
            LastEvaluatedKey: { pk, sk: 'findings/a.json' },
          };
        }
        if (pk.endsWith('#0'))
          return { Items: [{ pk, sk: 'findings/b.json', sha256: sha, writtenAt: '2026-11-23T10:02:00Z' }] };
        if (pk.endsWith('#5'))
          return { Items: [{ pk, sk: 'findings/c.json', sha256: sha, writtenAt: '2026-11-23T10:03:00Z' }] };
        return { Items: [] };
      });
    const entries = await ledger().listPeriod(new Date('2026-11-23T10:00:00Z'));
    expect(entries.map((entry) => entry.key).sort()).toEqual([
      'findings/a.json',
      'findings/b.json',
      'findings/c.json',
    ]);
    const partitions = documents
      .commandCalls(QueryCommand)
      .map((call) => call.args[0].input.ExpressionAttributeValues?.[':pk']);
    expect(new Set(partitions)).toEqual(
      new Set(Array.from({ length: LEDGER_SHARDS }, (_, shard) => `LEDGER#2026-11-23T10#${shard}`)),
    );
    expect(documents.commandCalls(QueryCommand)).toHaveLength(LEDGER_SHARDS + 1);
  });

  it('refuses a malformed row rather than seal an hour without it', async () => {
    documents.on(QueryCommand).resolves({ Items: [{ pk: 'LEDGER#2026-11-23T10#0', sk: 'findings/a.json' }] });
    await expect(ledger().listPeriod(new Date('2026-11-23T10:00:00Z'))).rejects.toThrow(/malformed/);
  });
});

describe('DynamoDbLedger chain head', () => {
  it('reads the head, or undefined before the first digest', async () => {
    documents
      .on(GetCommand)
      .resolvesOnce({})
      .resolvesOnce({
        Item: {
          pk: 'DIGEST_HEAD',
          sk: '1#r',
          periodStart: '2026-11-23T10:00:00.000Z',
          key: 'digests/1/r/2026/11/23/10.json',
          sha256: sha,
        },
      });
    expect(await ledger().getHead('1', 'r')).toBeUndefined();
    expect(await ledger().getHead('1', 'r')).toEqual({
      periodStart: '2026-11-23T10:00:00.000Z',
      key: 'digests/1/r/2026/11/23/10.json',
      sha256: sha,
    });
  });

  it('advances only forward: a head already at or past the hour is left alone', async () => {
    documents.on(PutCommand).rejects(conflict());
    const head = {
      periodStart: '2026-11-23T10:00:00.000Z',
      key: 'digests/1/r/2026/11/23/10.json',
      sha256: sha,
    };
    await expect(ledger().advanceHead('1', 'r', head)).resolves.toBeUndefined();
    expect(documents.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { pk: 'DIGEST_HEAD', sk: '1#r', ...head },
      ConditionExpression: 'attribute_not_exists(#pk) OR #start < :start',
      ExpressionAttributeValues: { ':start': head.periodStart },
    });
  });
});
