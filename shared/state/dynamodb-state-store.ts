import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import {
  type ClaimResult,
  type ComplianceRecord,
  type ComplianceStateStore,
  partitionKeyOf,
  STATE_PARTITION_KEY,
  STATE_SORT_KEY,
  type StateRef,
} from './compliance-state';
import { StateStoreError } from './errors';

const StoredRecordSchema = z.object({
  accountId: z.string(),
  region: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  ruleId: z.string(),
  compliance: z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']).optional(),
  lastOutcome: z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'ERROR']),
  captureTime: z.string(),
  evaluatedAt: z.string(),
  annotation: z.string(),
  severity: z.string(),
  sequence: z.number().int().min(1),
  headHash: z.string(),
  headKey: z.string(),
  repeatCount: z.number().int().min(0).optional(),
  lastSeenAt: z.string().optional(),
  failingSince: z.string().optional(),
  resourceName: z.string().optional(),
  arn: z.string().optional(),
  pending: z
    .object({
      key: z.string(),
      finding: z.string(),
      alert: z.string().optional(),
      owner: z.string().optional(),
      leaseUntil: z.number().optional(),
    })
    .optional(),
});

function keyOf(ref: StateRef): Record<string, string> {
  return { [STATE_PARTITION_KEY]: partitionKeyOf(ref), [STATE_SORT_KEY]: ref.ruleId };
}

/** Compliance state on a DynamoDB table keyed by `pk` (resource) and `sk` (rule id). */
export class DynamoDbStateStore implements ComplianceStateStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { readonly client: DynamoDBClient; readonly table: string }) {
    this.#client = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.#table = options.table;
  }

  async get(ref: StateRef): Promise<ComplianceRecord | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const response = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: keyOf(ref), ConsistentRead: true }),
      );
      item = response.Item;
    } catch (error) {
      throw new StateStoreError(`cannot read state of ${ref.ruleId} on ${ref.resourceId}`, {
        cause: error,
        context: { ...ref },
      });
    }
    if (item === undefined) return undefined;
    const parsed = StoredRecordSchema.safeParse(item);
    if (!parsed.success) {
      throw new StateStoreError(`state row of ${ref.ruleId} on ${ref.resourceId} is malformed`, {
        cause: parsed.error,
        context: { ...ref },
      });
    }
    return parsed.data;
  }

  async claim(record: ComplianceRecord, expectedSequence: number): Promise<ClaimResult> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...keyOf(record), ...record },
          ...(expectedSequence === 0
            ? {
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': STATE_PARTITION_KEY },
              }
            : {
                ConditionExpression: '#seq = :expected',
                ExpressionAttributeNames: { '#seq': 'sequence' },
                ExpressionAttributeValues: { ':expected': expectedSequence },
              }),
        }),
      );
      return 'claimed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw new StateStoreError(`cannot write state of ${record.ruleId} on ${record.resourceId}`, {
        cause: error,
        context: { ...toRef(record) },
      });
    }
  }

  async settle(ref: StateRef, sequence: number): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keyOf(ref),
          UpdateExpression: 'REMOVE #pending',
          ConditionExpression: '#seq = :sequence AND attribute_exists(#pending)',
          ExpressionAttributeNames: { '#seq': 'sequence', '#pending': 'pending' },
          ExpressionAttributeValues: { ':sequence': sequence },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw new StateStoreError(`cannot settle state of ${ref.ruleId} on ${ref.resourceId}`, {
        cause: error,
        context: { ...ref },
      });
    }
  }

  async takeOver(
    ref: StateRef,
    sequence: number,
    owner: string,
    leaseUntil: number,
    now: number,
  ): Promise<boolean> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keyOf(ref),
          UpdateExpression: 'SET #pending.#owner = :owner, #pending.#lease = :until',
          ConditionExpression:
            '#seq = :sequence AND attribute_exists(#pending) AND ' +
            '(attribute_not_exists(#pending.#lease) OR #pending.#lease < :now OR #pending.#owner = :owner)',
          ExpressionAttributeNames: {
            '#seq': 'sequence',
            '#pending': 'pending',
            '#owner': 'owner',
            '#lease': 'leaseUntil',
          },
          ExpressionAttributeValues: {
            ':sequence': sequence,
            ':owner': owner,
            ':until': leaseUntil,
            ':now': now,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new StateStoreError(`cannot take over the pending write of ${ref.ruleId} on ${ref.resourceId}`, {
        cause: error,
        context: { ...ref },
      });
    }
  }

  async release(ref: StateRef, sequence: number, owner: string): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keyOf(ref),
          UpdateExpression: 'SET #pending.#lease = :zero',
          ConditionExpression: '#seq = :sequence AND #pending.#owner = :owner',
          ExpressionAttributeNames: {
            '#seq': 'sequence',
            '#pending': 'pending',
            '#owner': 'owner',
            '#lease': 'leaseUntil',
          },
          ExpressionAttributeValues: { ':sequence': sequence, ':owner': owner, ':zero': 0 },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw new StateStoreError(`cannot release the pending write of ${ref.ruleId} on ${ref.resourceId}`, {
        cause: error,
        context: { ...ref },
      });
    }
  }
}

function toRef(record: ComplianceRecord): StateRef {
  return {
    accountId: record.accountId,
    region: record.region,
    resourceType: record.resourceType,
    resourceId: record.resourceId,
    ruleId: record.ruleId,
  };
}
