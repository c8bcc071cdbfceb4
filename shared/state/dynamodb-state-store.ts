import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { stateTableDocumentClient } from '#shared/aws/document-client';
import {
  type ClaimResult,
  partitionKeyOf,
  RESOURCE_SORT_KEY,
  type ResourceRef,
  type ResourceState,
  type ResourceStateStore,
  STATE_PARTITION_KEY,
  STATE_SORT_KEY,
} from './compliance-state';
import { StateStoreError } from './errors';

const RuleStateSchema = z.object({
  compliance: z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']).optional(),
  lastOutcome: z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'ERROR']),
  annotation: z.string(),
  severity: z.string(),
  evaluatedAt: z.string(),
  sequence: z.number().int().min(1),
  headHash: z.string(),
  repeatCount: z.number().int().min(0).optional(),
  lastSeenAt: z.string().optional(),
  failingSince: z.string().optional(),
  acceptanceId: z.string().optional(),
});

const StoredStateSchema = z.object({
  accountId: z.string(),
  region: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  resourceName: z.string().optional(),
  arn: z.string().optional(),
  version: z.number().int().min(1),
  captureTime: z.string(),
  itemSha256: z.string(),
  rules: z.record(z.string(), RuleStateSchema),
  pending: z
    .object({
      key: z.string(),
      owner: z.string(),
      leaseUntil: z.number(),
      body: z.instanceof(Uint8Array),
    })
    .optional(),
});

/** Most keys one BatchGetItem call takes. */
const BATCH_GET_LIMIT = 100;

/** Name of the row attribute listing the failing rules, so the daily digest's Scan can filter on it. */
export const FAILING_RULES_ATTRIBUTE = 'failing';

function keyOf(ref: ResourceRef): Record<string, string> {
  return { [STATE_PARTITION_KEY]: partitionKeyOf(ref), [STATE_SORT_KEY]: RESOURCE_SORT_KEY };
}

/** The failing rule ids of a state, sorted (absent from the row when none fails). */
export function failingRulesOf(state: Pick<ResourceState, 'rules'>): string[] {
  return Object.entries(state.rules)
    .filter(([, rule]) => rule.compliance === 'NON_COMPLIANT')
    .map(([ruleId]) => ruleId)
    .sort();
}

/**
 * Compliance state on a DynamoDB table: one row per resource (`pk` = `<account>#<region>#<type>#<id>`,
 * `sk` = `resource`) holding every rule's status and chain head, so recording a change of a resource is one
 * conditional write whatever its number of rules.
 */
export class DynamoDbStateStore implements ResourceStateStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { readonly client: DynamoDBClient; readonly table: string }) {
    this.#client = stateTableDocumentClient(options.client);
    this.#table = options.table;
  }

  async get(ref: ResourceRef): Promise<ResourceState | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const response = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: keyOf(ref), ConsistentRead: true }),
      );
      item = response.Item;
    } catch (error) {
      throw new StateStoreError(`cannot read state of ${ref.resourceType} ${ref.resourceId}`, {
        cause: error,
        context: { ...ref },
      });
    }
    if (item === undefined) return undefined;
    const parsed = StoredStateSchema.safeParse(item);
    if (!parsed.success) {
      throw new StateStoreError(`state row of ${ref.resourceType} ${ref.resourceId} is malformed`, {
        cause: parsed.error,
        context: { ...ref },
      });
    }
    return parsed.data;
  }

  async getMany(refs: readonly ResourceRef[]): Promise<Map<string, ResourceState>> {
    const states = new Map<string, ResourceState>();
    const unique = [...new Map(refs.map((ref) => [partitionKeyOf(ref), ref])).values()];
    for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
      let keys: Record<string, unknown>[] = unique.slice(start, start + BATCH_GET_LIMIT).map(keyOf);
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.random() * Math.min(1000, 50 * 2 ** attempt));
        if (attempt > 8) {
          throw new StateStoreError(`cannot read ${keys.length} state rows: DynamoDB kept them unprocessed`);
        }
        let response: BatchGetCommandOutput;
        try {
          response = await this.#client.send(
            new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: keys, ConsistentRead: true } } }),
          );
        } catch (error) {
          throw new StateStoreError(`cannot read ${keys.length} state rows`, { cause: error });
        }
        for (const item of response.Responses?.[this.#table] ?? []) {
          // A malformed row is left out: its resource's own read (after the claim conflicts) names the problem.
          const parsed = StoredStateSchema.safeParse(item);
          if (parsed.success) states.set(partitionKeyOf(parsed.data), parsed.data);
        }
        keys = response.UnprocessedKeys?.[this.#table]?.Keys ?? [];
      }
    }
    return states;
  }

  async claim(state: ResourceState, expectedVersion: number): Promise<ClaimResult> {
    const failing = failingRulesOf(state);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...keyOf(state),
            ...state,
            ...(failing.length === 0 ? {} : { [FAILING_RULES_ATTRIBUTE]: failing }),
          },
          ...(expectedVersion === 0
            ? {
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': STATE_PARTITION_KEY },
              }
            : {
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
      return 'claimed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw new StateStoreError(`cannot write state of ${state.resourceType} ${state.resourceId}`, {
        cause: error,
        context: { ...keyOf(state) },
      });
    }
  }
}
