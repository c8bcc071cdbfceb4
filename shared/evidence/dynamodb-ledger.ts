import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { STATE_PARTITION_KEY, STATE_SORT_KEY } from '#shared/state/compliance-state';
import { periodLabel } from './digest';
import { EvidenceError } from './errors';
import { sha256Hex } from './finding';
import type { DigestChainHead, DigestHeadStore, EvidenceLedger, LedgerEntry } from './ledger';

/** How many partitions one hour of ledger rows is spread over (keeps any partition far below its write limit). */
export const LEDGER_SHARDS = 8;

/** How long ledger rows are kept (TTL attribute `expiresAt`), well past the hour they are sealed in. */
export const LEDGER_TTL_DAYS = 35;

/** Partition key of the chain-head rows; the sort key is `<account>#<region>`. */
export const DIGEST_HEAD_PARTITION = 'DIGEST_HEAD';

/** Partition key of one shard of one hour's ledger: `LEDGER#2026-11-23T10#3`. */
export function ledgerPartitionKey(periodStart: Date, shard: number): string {
  return `LEDGER#${periodLabel(periodStart)}#${shard}`;
}

/** The shard a finding key's ledger row goes to (stable: the first byte of its SHA-256). */
export function ledgerShardOf(key: string): number {
  return Number.parseInt(sha256Hex(key).slice(0, 2), 16) % LEDGER_SHARDS;
}

const LedgerRowSchema = z.object({
  [STATE_SORT_KEY]: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  writtenAt: z.string(),
});

const HeadRowSchema = z.object({
  periodStart: z.string(),
  key: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * Ledger and digest chain head in the Vigil state table (same `pk`/`sk` schema as the compliance rows; the
 * `LEDGER#` and `DIGEST_HEAD` partitions never collide with `<account>#<region>#...` resource partitions).
 */
export class DynamoDbLedger implements EvidenceLedger, DigestHeadStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { readonly client: DynamoDBClient; readonly table: string }) {
    this.#client = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.#table = options.table;
  }

  async record(entry: LedgerEntry): Promise<void> {
    const writtenAt = new Date(entry.writtenAt);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            [STATE_PARTITION_KEY]: ledgerPartitionKey(writtenAt, ledgerShardOf(entry.key)),
            [STATE_SORT_KEY]: entry.key,
            sha256: entry.sha256,
            writtenAt: entry.writtenAt,
            expiresAt: Math.floor(writtenAt.getTime() / 1000) + LEDGER_TTL_DAYS * 86_400,
          },
          // A redelivery re-records the same row: keep the first one (same key, same bytes).
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': STATE_PARTITION_KEY },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw new EvidenceError(`cannot record ${entry.key} in the evidence ledger`, {
        cause: error,
        context: { key: entry.key },
      });
    }
  }

  async listPeriod(periodStart: Date): Promise<LedgerEntry[]> {
    const shards = Array.from({ length: LEDGER_SHARDS }, (_, shard) => shard);
    const perShard = await Promise.all(shards.map((shard) => this.#queryShard(periodStart, shard)));
    return perShard.flat();
  }

  async #queryShard(periodStart: Date, shard: number): Promise<LedgerEntry[]> {
    const pk = ledgerPartitionKey(periodStart, shard);
    const entries: LedgerEntry[] = [];
    try {
      const pages = paginateQuery(
        { client: this.#client },
        {
          TableName: this.#table,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': STATE_PARTITION_KEY },
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
        },
      );
      for await (const page of pages as AsyncIterable<QueryCommandOutput>) {
        for (const item of page.Items ?? []) {
          const row = LedgerRowSchema.safeParse(item);
          if (!row.success) {
            throw new EvidenceError(`ledger row in ${pk} is malformed`, {
              cause: row.error,
              context: { pk },
            });
          }
          entries.push({
            key: row.data[STATE_SORT_KEY],
            sha256: row.data.sha256,
            writtenAt: row.data.writtenAt,
          });
        }
      }
    } catch (error) {
      if (error instanceof EvidenceError) throw error;
      throw new EvidenceError(`cannot read the evidence ledger ${pk}`, { cause: error, context: { pk } });
    }
    return entries;
  }

  async getHead(accountId: string, region: string): Promise<DigestChainHead | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const response = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: headKey(accountId, region), ConsistentRead: true }),
      );
      item = response.Item;
    } catch (error) {
      throw new EvidenceError(`cannot read the digest chain head of ${accountId}/${region}`, {
        cause: error,
      });
    }
    if (item === undefined) return undefined;
    const parsed = HeadRowSchema.safeParse(item);
    if (!parsed.success) {
      throw new EvidenceError(`digest chain head of ${accountId}/${region} is malformed`, {
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  async advanceHead(accountId: string, region: string, head: DigestChainHead): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...headKey(accountId, region), ...head },
          // ISO 8601 UTC strings of one format sort like the times they name.
          ConditionExpression: 'attribute_not_exists(#pk) OR #start < :start',
          ExpressionAttributeNames: { '#pk': STATE_PARTITION_KEY, '#start': 'periodStart' },
          ExpressionAttributeValues: { ':start': head.periodStart },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw new EvidenceError(`cannot advance the digest chain head of ${accountId}/${region}`, {
        cause: error,
      });
    }
  }
}

function headKey(accountId: string, region: string): Record<string, string> {
  return { [STATE_PARTITION_KEY]: DIGEST_HEAD_PARTITION, [STATE_SORT_KEY]: `${accountId}#${region}` };
}
