import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { stateTableDocumentClient } from '#shared/aws/document-client';
import { STATE_PARTITION_KEY, STATE_SORT_KEY } from '#shared/state/compliance-state';
import type { DigestChainHead, DigestHeadStore } from './digest-heads';
import { EvidenceError } from './errors';

/** Partition key of the chain-head rows; the sort key is `<account>#<region>`. */
export const DIGEST_HEAD_PARTITION = 'DIGEST_HEAD';

const HeadRowSchema = z.object({
  periodStart: z.string(),
  key: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * Digest chain heads in the Vigil state table (same `pk`/`sk` schema as the compliance rows; the
 * `DIGEST_HEAD` partition never collides with `<account>#<region>#...` resource partitions).
 */
export class DynamoDbDigestHeads implements DigestHeadStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { readonly client: DynamoDBClient; readonly table: string }) {
    this.#client = stateTableDocumentClient(options.client);
    this.#table = options.table;
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
