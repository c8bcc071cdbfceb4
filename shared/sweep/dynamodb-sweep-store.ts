import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { stateTableDocumentClient } from '#shared/aws/document-client';
import { VigilError } from '#shared/errors';
import { STATE_PARTITION_KEY, STATE_SORT_KEY } from '#shared/state/compliance-state';
import { type SweepShard, shardKey } from './shard';
import type {
  PageCompletion,
  PageCounts,
  ShardRecord,
  SweepFailure,
  SweepRecord,
  SweepStatus,
  SweepStore,
} from './sweep-store';

/** A sweep row could not be read or written. */
export class SweepStoreError extends VigilError {
  override readonly name: string = 'SweepStoreError';
}

/** Partition of the index of sweeps (sort key `<startedAt>#<sweepId>`). */
export const SWEEPS_PARTITION = 'SWEEPS';

/** Partition of one sweep's rows: the sweep (`sweep`), its shards (`shard#…`) and page markers (`page#…`). */
export function sweepPartition(sweepId: string): string {
  return `SWEEP#${sweepId}`;
}

const SWEEP_SORT_KEY = 'sweep';
const SHARD_PREFIX = 'shard#';
const PAGE_PREFIX = 'page#';
/** Days sweep rows are kept (the table's `expiresAt` TTL): a month of sweep history for `vigil sweep status`. */
export const SWEEP_ROW_TTL_DAYS = 35;

/** The TTL of a sweep's rows: `SWEEP_ROW_TTL_DAYS` after it started, in epoch seconds. */
function expiresAtOf(startedAt: string): number {
  return Math.floor(Date.parse(startedAt) / 1000) + SWEEP_ROW_TTL_DAYS * 86_400;
}

/** Longest failure message kept on a page marker. */
const MESSAGE_LIMIT = 500;
/** Rows one BatchWriteItem call takes. */
const BATCH_WRITE_LIMIT = 25;

const counter = z.number().int().min(0).default(0);

const SweepRowSchema = z.object({
  sweepId: z.string(),
  startedAt: z.string(),
  source: z.string(),
  status: z.enum(['running', 'complete']),
  shardsPlanned: counter,
  shardsDone: counter,
  items: counter,
  evaluations: counter,
  failures: counter,
  completedAt: z.string().optional(),
  unsweptTypes: z.array(z.string()).default([]),
});

const ShardRowSchema = z.object({
  accountId: z.string(),
  region: z.string(),
  resourceType: z.string(),
  status: z.enum(['pending', 'done']),
  pagesQueued: counter,
  pagesDone: counter,
  items: counter,
  evaluations: counter,
  failures: counter,
  attempts: counter,
  lastError: z.string().optional(),
  lastErrorAt: z.string().optional(),
  completedAt: z.string().optional(),
});

const PageRowSchema = z.object({
  shard: z.string(),
  failures: z.array(z.object({ scope: z.string(), message: z.string() })).default([]),
});

function key(pk: string, sk: string): Record<string, string> {
  return { [STATE_PARTITION_KEY]: pk, [STATE_SORT_KEY]: sk };
}

function isConditionFailure(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] } | undefined)?.CancellationReasons;
  return (
    (error as Error | undefined)?.name === 'TransactionCanceledException' &&
    reasons !== undefined &&
    reasons.some((reason) => reason.Code === 'ConditionalCheckFailed') &&
    reasons.every((reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'None')
  );
}

/**
 * Sweeps in the Vigil state table (same `pk`/`sk` schema; the `SWEEP#…` and `SWEEPS` partitions never
 * collide with the `<account>#<region>#…` resource partitions).
 */
export class DynamoDbSweepStore implements SweepStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { readonly client: DynamoDBClient; readonly table: string }) {
    this.#client = stateTableDocumentClient(options.client);
    this.#table = options.table;
  }

  async begin(
    sweep: Pick<SweepRecord, 'sweepId' | 'startedAt' | 'source' | 'unsweptTypes'>,
    shards: readonly SweepShard[],
  ): Promise<'created' | 'exists'> {
    const partition = sweepPartition(sweep.sweepId);
    const expiresAt = expiresAtOf(sweep.startedAt);
    // Shards first: a sweep row exists only once all its shard rows do, so a retried plan that finds the
    // sweep row never re-creates (and resets) shards that workers are already counting.
    if ((await this.#get(partition, SWEEP_SORT_KEY)) !== undefined) return 'exists';
    try {
      for (let index = 0; index < shards.length; index += BATCH_WRITE_LIMIT) {
        let requests = shards.slice(index, index + BATCH_WRITE_LIMIT).map((shard) => ({
          PutRequest: {
            Item: {
              ...key(partition, SHARD_PREFIX + shardKey(shard)),
              ...shard,
              status: 'pending',
              pagesQueued: 1,
              pagesDone: 0,
              items: 0,
              evaluations: 0,
              failures: 0,
              attempts: 0,
              expiresAt,
            },
          },
        }));
        for (let attempt = 0; requests.length > 0; attempt++) {
          if (attempt === 5) throw new Error(`${requests.length} shard rows left unprocessed`);
          const response = await this.#client.send(
            new BatchWriteCommand({ RequestItems: { [this.#table]: requests } }),
          );
          requests = (response.UnprocessedItems?.[this.#table] ?? []) as typeof requests;
        }
      }
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...key(partition, SWEEP_SORT_KEY),
            ...sweep,
            status: 'running',
            shardsPlanned: shards.length,
            shardsDone: 0,
            items: 0,
            evaluations: 0,
            failures: 0,
            expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': STATE_PARTITION_KEY },
        }),
      );
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...key(SWEEPS_PARTITION, `${sweep.startedAt}#${sweep.sweepId}`),
            sweepId: sweep.sweepId,
            expiresAt,
          },
        }),
      );
      return 'created';
    } catch (error) {
      if (isConditionFailure(error)) return 'exists';
      throw new SweepStoreError(`cannot record sweep ${sweep.sweepId}`, { cause: error });
    }
  }

  async latest(limit: number): Promise<SweepRecord[]> {
    const response = await guarded(`cannot list sweeps`, () =>
      this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': STATE_PARTITION_KEY },
          ExpressionAttributeValues: { ':pk': SWEEPS_PARTITION },
          ScanIndexForward: false,
          Limit: limit,
        }),
      ),
    );
    const records: SweepRecord[] = [];
    for (const row of response.Items ?? []) {
      const sweepId = typeof row.sweepId === 'string' ? row.sweepId : undefined;
      if (sweepId === undefined) continue;
      const found = await this.#get(sweepPartition(sweepId), SWEEP_SORT_KEY);
      if (found !== undefined) records.push(parseSweep(found));
    }
    return records;
  }

  async status(sweepId: string): Promise<SweepStatus | undefined> {
    const rows: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const response = await guarded(`cannot read sweep ${sweepId}`, () =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': STATE_PARTITION_KEY },
            ExpressionAttributeValues: { ':pk': sweepPartition(sweepId) },
            ConsistentRead: true,
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
          }),
        ),
      );
      rows.push(...(response.Items ?? []));
      start = response.LastEvaluatedKey;
    } while (start !== undefined);
    const sweepRow = rows.find((row) => row[STATE_SORT_KEY] === SWEEP_SORT_KEY);
    if (sweepRow === undefined) return undefined;
    const shards: ShardRecord[] = [];
    const failures: (SweepFailure & { shard: string })[] = [];
    for (const row of rows) {
      const sk = String(row[STATE_SORT_KEY]);
      if (sk.startsWith(SHARD_PREFIX)) shards.push(parseShard(row));
      else if (sk.startsWith(PAGE_PREFIX)) {
        const page = PageRowSchema.safeParse(row);
        if (page.success)
          for (const failure of page.data.failures) failures.push({ ...failure, shard: page.data.shard });
      }
    }
    return { sweep: parseSweep(sweepRow), shards, failures };
  }

  async completePage(
    sweepId: string,
    shard: SweepShard,
    page: number,
    counts: PageCounts,
  ): Promise<PageCompletion> {
    const partition = sweepPartition(sweepId);
    const shardSk = SHARD_PREFIX + shardKey(shard);
    let counted = true;
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: {
                  ...key(partition, `${PAGE_PREFIX}${shardKey(shard)}#${page}`),
                  shard: shardKey(shard),
                  expiresAt: expiresAtOf(new Date().toISOString()),
                  items: counts.items,
                  ...(counts.failures.length === 0
                    ? {}
                    : {
                        failures: counts.failures.map((failure) => ({
                          scope: failure.scope,
                          message: failure.message.slice(0, MESSAGE_LIMIT),
                        })),
                      }),
                },
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': STATE_PARTITION_KEY },
              },
            },
            {
              Update: {
                TableName: this.#table,
                Key: key(partition, shardSk),
                UpdateExpression:
                  'ADD pagesQueued :added, pagesDone :one, #items :items, evaluations :evaluations, failures :failures',
                ConditionExpression: 'attribute_exists(#pk)',
                ExpressionAttributeNames: { '#pk': STATE_PARTITION_KEY, '#items': 'items' },
                ExpressionAttributeValues: {
                  ':added': counts.pagesAdded,
                  ':one': 1,
                  ':items': counts.items,
                  ':evaluations': counts.evaluations,
                  ':failures': counts.failures.length,
                },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error))
        throw new SweepStoreError(`cannot count page ${page} of ${shardKey(shard)}`, { cause: error });
      counted = false;
    }
    // Whether or not this delivery counted the page, the shard may now be complete (a crash after the
    // transaction leaves the closing to the redelivery).
    const row = await this.#get(partition, shardSk);
    if (row === undefined)
      throw new SweepStoreError(`sweep ${sweepId} has no shard ${shardKey(shard)}`, { context: { sweepId } });
    const current = parseShard(row);
    if (current.status === 'done' || current.pagesDone < current.pagesQueued)
      return { counted, shardDone: current.status === 'done', sweepDone: false };
    const now = new Date().toISOString();
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key(partition, shardSk),
          UpdateExpression: 'SET #status = :done, completedAt = :now',
          ConditionExpression: '#status <> :done',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': 'done', ':now': now },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return { counted, shardDone: true, sweepDone: false };
      throw new SweepStoreError(`cannot close shard ${shardKey(shard)}`, { cause: error });
    }
    const updated = await guarded(`cannot count shard ${shardKey(shard)} on sweep ${sweepId}`, () =>
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key(partition, SWEEP_SORT_KEY),
          UpdateExpression:
            'ADD shardsDone :one, #items :items, evaluations :evaluations, failures :failures',
          ExpressionAttributeNames: { '#items': 'items' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':items': current.items,
            ':evaluations': current.evaluations,
            ':failures': current.failures,
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    const sweep = parseSweep(updated.Attributes ?? {});
    if (sweep.shardsDone < sweep.shardsPlanned) return { counted, shardDone: true, sweepDone: false };
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key(partition, SWEEP_SORT_KEY),
          UpdateExpression: 'SET #status = :complete, completedAt = :now',
          ConditionExpression: '#status <> :complete',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':complete': 'complete', ':now': now },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error))
        throw new SweepStoreError(`cannot close sweep ${sweepId}`, { cause: error });
    }
    return { counted, shardDone: true, sweepDone: true };
  }

  async failPage(sweepId: string, shard: SweepShard, page: number, error: string, at: string): Promise<void> {
    await guarded(`cannot record the failure of page ${page} of ${shardKey(shard)}`, () =>
      this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key(sweepPartition(sweepId), SHARD_PREFIX + shardKey(shard)),
          UpdateExpression: 'ADD attempts :one SET lastError = :error, lastErrorAt = :at',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': STATE_PARTITION_KEY },
          ExpressionAttributeValues: {
            ':one': 1,
            ':error': `page ${page}: ${error}`.slice(0, MESSAGE_LIMIT),
            ':at': at,
          },
        }),
      ),
    );
  }

  async #get(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const response = await guarded(`cannot read ${pk} ${sk}`, () =>
      this.#client.send(new GetCommand({ TableName: this.#table, Key: key(pk, sk), ConsistentRead: true })),
    );
    return response.Item;
  }
}

/** Runs one table call, wrapping its failure in a SweepStoreError that says what was being done. */
async function guarded<T>(message: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new SweepStoreError(message, { cause: error });
  }
}

function parseSweep(row: Record<string, unknown>): SweepRecord {
  const parsed = SweepRowSchema.safeParse(row);
  if (!parsed.success) throw new SweepStoreError('a sweep row is malformed', { cause: parsed.error });
  return parsed.data;
}

function parseShard(row: Record<string, unknown>): ShardRecord {
  const parsed = ShardRowSchema.safeParse(row);
  if (!parsed.success) throw new SweepStoreError('a shard row is malformed', { cause: parsed.error });
  return parsed.data;
}
