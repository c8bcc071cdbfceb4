import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { STATE_PARTITION_KEY, STATE_SORT_KEY } from '#shared/state/compliance-state';
import { RateLimiterError } from './errors';

/** Partition key prefix of the rate-limit counters in the state table (one item per rule and hour). */
export const RATE_LIMIT_PARTITION_PREFIX = 'remediation-rate#';

/** The answer of the rate limiter for one attempt. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** The hour window the attempt counted in, e.g. `2026-11-23T11`. */
  readonly window: string;
  readonly limit: number;
}

/** Counts remediations per rule so a flapping resource or a loop cannot change things without end. */
export interface RateLimiter {
  /** Takes one slot of the rule's current hour, or says the hour is used up. */
  tryAcquire(ruleId: string, now: Date): Promise<RateLimitDecision>;
}

/** The hour window of a time: `2026-11-23T11`. */
export function hourWindow(now: Date): string {
  return now.toISOString().slice(0, 13);
}

/**
 * At most `maxPerHour` remediations per rule per clock hour, counted with a conditional atomic `ADD` on
 * one item per rule and hour in the state table (`pk` = `remediation-rate#<rule>`, `sk` = the hour). The
 * items carry `expiresAt` (epoch seconds, a day later) for a TTL to remove them; they have no
 * `compliance` attribute, so state readers never take them for findings.
 */
export class DynamoDbRateLimiter implements RateLimiter {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #maxPerHour: number;

  constructor(options: {
    readonly client: DynamoDBClient;
    readonly table: string;
    readonly maxPerHour: number;
  }) {
    this.#client = options.client;
    this.#table = options.table;
    this.#maxPerHour = options.maxPerHour;
  }

  async tryAcquire(ruleId: string, now: Date): Promise<RateLimitDecision> {
    const window = hourWindow(now);
    const decision = { window, limit: this.#maxPerHour };
    if (this.#maxPerHour <= 0) return { ...decision, allowed: false };
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: {
            [STATE_PARTITION_KEY]: { S: `${RATE_LIMIT_PARTITION_PREFIX}${ruleId}` },
            [STATE_SORT_KEY]: { S: window },
          },
          UpdateExpression: 'ADD #count :one SET #expiresAt = :expiresAt',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
          ExpressionAttributeNames: { '#count': 'remediations', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: {
            ':one': { N: '1' },
            ':max': { N: String(this.#maxPerHour) },
            ':expiresAt': { N: String(Math.floor(now.getTime() / 1000) + 86_400) },
          },
        }),
      );
      return { ...decision, allowed: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { ...decision, allowed: false };
      throw new RateLimiterError(`cannot count remediations of ${ruleId}`, {
        cause: error,
        context: { ruleId, window },
      });
    }
  }
}
