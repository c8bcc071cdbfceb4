import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { stateTableDocumentClient } from '#shared/aws/document-client';
import { VigilError } from '#shared/errors';
import { STATE_PARTITION_KEY, STATE_SORT_KEY } from '#shared/state/compliance-state';
import { AcceptanceSchema } from './acceptance';
import {
  EMPTY_HEAD,
  type RegisterChange,
  type RegisterEntry,
  type RegisterHead,
  type RegisterView,
} from './register-chain';

/** The register rows could not be read or written. */
export class RegisterStoreError extends VigilError {
  override readonly name: string = 'RegisterStoreError';
}

/**
 * Partition of the register in the state table: the head (`head`) and one row per acceptance
 * (`entry#<id>`). It never collides with resource partitions (`<account>#<region>#…`); the evaluator's role
 * is denied writes to it (IAM `dynamodb:LeadingKeys`), so only the CLI's and the expiry job's roles change it.
 */
export const REGISTER_PARTITION = 'ACCEPTANCES';

const HEAD_SORT_KEY = 'head';
const ENTRY_PREFIX = 'entry#';

/** The register's current entries and head, as the state table keeps them for cheap reads. */
export interface RegisterStore {
  /** Every entry and the head, strongly consistent (one paged Query). */
  read(): Promise<RegisterView>;
  /**
   * Makes `change` the head and stores `entry`, on condition the head is still `expected`; `conflict` when
   * another change got there first (no fork of the chain).
   */
  advance(
    change: RegisterChange,
    entry: RegisterEntry,
    expected: RegisterHead,
  ): Promise<'advanced' | 'conflict'>;
}

const EntrySchema = z.object({
  acceptance: AcceptanceSchema,
  changeHash: z.string(),
  revokedAt: z.string().optional(),
  revokedBy: z.string().optional(),
  revokeReason: z.string().optional(),
  warnedAt: z.string().optional(),
  lapsedAt: z.string().optional(),
});

const HeadRowSchema = z.object({ sequence: z.number().int().min(0), hash: z.string().nullable() });

function isConditionFailure(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] } | undefined)?.CancellationReasons;
  return (
    (error as Error | undefined)?.name === 'TransactionCanceledException' &&
    reasons !== undefined &&
    reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')
  );
}

/** The register in the Vigil state table (same `pk`/`sk` schema as the resource rows). */
export class DynamoDbRegisterStore implements RegisterStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { readonly client: DynamoDBClient; readonly table: string }) {
    this.#client = stateTableDocumentClient(options.client);
    this.#table = options.table;
  }

  async read(): Promise<RegisterView> {
    const entries = new Map<string, RegisterEntry>();
    let head: RegisterHead = EMPTY_HEAD;
    let start: Record<string, unknown> | undefined;
    try {
      do {
        const response = await this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': STATE_PARTITION_KEY },
            ExpressionAttributeValues: { ':pk': REGISTER_PARTITION },
            ConsistentRead: true,
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
          }),
        );
        for (const item of response.Items ?? []) {
          const sortKey = String(item[STATE_SORT_KEY]);
          if (sortKey === HEAD_SORT_KEY) {
            head = HeadRowSchema.parse(item);
          } else if (sortKey.startsWith(ENTRY_PREFIX)) {
            const entry = EntrySchema.parse(JSON.parse(String(item.entry)));
            entries.set(entry.acceptance.id, entry as RegisterEntry);
          }
        }
        start = response.LastEvaluatedKey;
      } while (start !== undefined);
    } catch (error) {
      throw new RegisterStoreError(`cannot read the acceptance register from ${this.#table}`, {
        cause: error,
      });
    }
    return { head, entries };
  }

  async advance(
    change: RegisterChange,
    entry: RegisterEntry,
    expected: RegisterHead,
  ): Promise<'advanced' | 'conflict'> {
    const condition: {
      ConditionExpression: string;
      ExpressionAttributeNames: Record<string, string>;
      ExpressionAttributeValues?: Record<string, unknown>;
    } =
      expected.sequence === 0
        ? {
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': STATE_PARTITION_KEY },
          }
        : {
            ConditionExpression: '#sequence = :expected AND #hash = :expectedHash',
            ExpressionAttributeNames: { '#sequence': 'sequence', '#hash': 'hash' },
            ExpressionAttributeValues: { ':expected': expected.sequence, ':expectedHash': expected.hash },
          };
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: {
                  [STATE_PARTITION_KEY]: REGISTER_PARTITION,
                  [STATE_SORT_KEY]: HEAD_SORT_KEY,
                  sequence: change.sequence,
                  hash: change.hash,
                  at: change.at,
                },
                ...condition,
              },
            },
            {
              Put: {
                TableName: this.#table,
                Item: {
                  [STATE_PARTITION_KEY]: REGISTER_PARTITION,
                  [STATE_SORT_KEY]: `${ENTRY_PREFIX}${entry.acceptance.id}`,
                  entry: JSON.stringify(entry),
                  changedAt: change.at,
                },
              },
            },
          ],
        }),
      );
      return 'advanced';
    } catch (error) {
      if (isConditionFailure(error)) return 'conflict';
      throw new RegisterStoreError(`cannot write the acceptance register in ${this.#table}`, {
        cause: error,
        context: { sequence: change.sequence },
      });
    }
  }
}
