import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { stateTableDocumentClient } from '#shared/aws/document-client';
import { STATE_PARTITION_KEY, STATE_SORT_KEY } from '#shared/state/compliance-state';
import {
  SETTLE_EVENT_ID_CAP,
  type SettleEvent,
  type SettleStore,
  SettleStoreError,
  type SettleWindow,
} from './settle-store';

/** Sort key of a settle marker row (its partition is the window key, `SETTLE#…`). */
export const SETTLE_SORT_KEY = 'settle';

/** Times a note is tried when its marker is closed between its two writes. */
const NOTE_ATTEMPTS = 3;

const MarkerRowSchema = z.object({
  windowId: z.string(),
  firstEventTime: z.string(),
  dueAt: z.number(),
  events: z
    .union([z.set(z.string()), z.array(z.string())])
    .optional()
    .transform((value) => [...(value ?? [])].sort()),
  overflow: z.number().int().min(0).default(0),
  lastEventTime: z.string(),
  resends: z.number().int().min(0).default(0),
});

const NAMES = {
  '#windowId': 'windowId',
  '#firstEventTime': 'firstEventTime',
  '#dueAt': 'dueAt',
  '#expiresAt': 'expiresAt',
  '#lastEventTime': 'lastEventTime',
  '#events': 'events',
  '#overflow': 'overflow',
  '#resends': 'resends',
};

function windowOf(row: unknown, key: string): SettleWindow {
  const parsed = MarkerRowSchema.safeParse(row);
  if (!parsed.success) {
    throw new SettleStoreError(`settle marker ${key} is malformed`, {
      cause: parsed.error,
      context: { key },
    });
  }
  return parsed.data;
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as Error | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

/**
 * Settle markers in the Vigil state table (same `pk`/`sk` schema; `SETTLE#…` partitions never collide with
 * the `<account>#<region>#…` resource partitions). Each row expires through the table's `expiresAt` TTL.
 */
export class DynamoDbSettleStore implements SettleStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { readonly client: DynamoDBClient; readonly table: string }) {
    this.#client = stateTableDocumentClient(options.client);
    this.#table = options.table;
  }

  #key(key: string): Record<string, string> {
    return { [STATE_PARTITION_KEY]: key, [STATE_SORT_KEY]: SETTLE_SORT_KEY };
  }

  async note(event: SettleEvent): Promise<SettleWindow> {
    const entry = `${event.eventTime}|${event.eventId}`;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          // One write: opens the window if none is open, and lists the event (a set: a redelivered event
          // is listed once) while the list is under its cap.
          const opened = await this.#client.send(
            new UpdateCommand({
              TableName: this.#table,
              Key: this.#key(event.key),
              UpdateExpression:
                'SET #windowId = if_not_exists(#windowId, :eventId), ' +
                '#firstEventTime = if_not_exists(#firstEventTime, :eventTime), ' +
                '#dueAt = if_not_exists(#dueAt, :dueAt), #expiresAt = if_not_exists(#expiresAt, :expiresAt), ' +
                '#lastEventTime = :eventTime ADD #events :entry',
              ConditionExpression:
                'attribute_not_exists(#events) OR size(#events) < :cap OR contains(#events, :entryText)',
              ExpressionAttributeNames: namesOf(
                '#windowId',
                '#firstEventTime',
                '#dueAt',
                '#expiresAt',
                '#lastEventTime',
                '#events',
              ),
              ExpressionAttributeValues: {
                ':eventId': event.eventId,
                ':eventTime': event.eventTime,
                ':dueAt': event.dueAt,
                ':expiresAt': event.expiresAt,
                ':entry': new Set([entry]),
                ':entryText': entry,
                ':cap': SETTLE_EVENT_ID_CAP,
              },
              ReturnValues: 'ALL_NEW',
            }),
          );
          return windowOf(opened.Attributes, event.key);
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
        // The list is full: count the event instead (only while the window is open).
        try {
          const counted = await this.#client.send(
            new UpdateCommand({
              TableName: this.#table,
              Key: this.#key(event.key),
              UpdateExpression: 'SET #lastEventTime = :eventTime ADD #overflow :one',
              ConditionExpression: 'attribute_exists(#windowId)',
              ExpressionAttributeNames: namesOf('#lastEventTime', '#overflow', '#windowId'),
              ExpressionAttributeValues: { ':eventTime': event.eventTime, ':one': 1 },
              ReturnValues: 'ALL_NEW',
            }),
          );
          return windowOf(counted.Attributes, event.key);
        } catch (error) {
          if (!isConditionFailure(error) || attempt >= NOTE_ATTEMPTS) throw error;
        }
      }
    } catch (error) {
      if (error instanceof SettleStoreError) throw error;
      throw new SettleStoreError(`cannot note event ${event.eventId} on settle window ${event.key}`, {
        cause: error,
        context: { key: event.key, eventId: event.eventId },
      });
    }
  }

  async claimResend(key: string, windowId: string, previousDueAt: number, dueAt: number): Promise<boolean> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: this.#key(key),
          UpdateExpression: 'SET #dueAt = :dueAt ADD #resends :one',
          ConditionExpression: '#windowId = :windowId AND #dueAt = :previousDueAt',
          ExpressionAttributeNames: namesOf('#dueAt', '#resends', '#windowId'),
          ExpressionAttributeValues: {
            ':dueAt': dueAt,
            ':one': 1,
            ':windowId': windowId,
            ':previousDueAt': previousDueAt,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw new SettleStoreError(`cannot claim the re-send of settle window ${key}`, {
        cause: error,
        context: { key, windowId },
      });
    }
  }

  async take(key: string, windowId: string): Promise<SettleWindow | undefined> {
    try {
      const deleted = await this.#client.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: this.#key(key),
          ConditionExpression: '#windowId = :windowId',
          ExpressionAttributeNames: namesOf('#windowId'),
          ExpressionAttributeValues: { ':windowId': windowId },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return deleted.Attributes === undefined ? undefined : windowOf(deleted.Attributes, key);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw new SettleStoreError(`cannot close settle window ${key}`, {
        cause: error,
        context: { key, windowId },
      });
    }
  }
}

/** The attribute-name map of just these placeholders (DynamoDB refuses unused names). */
function namesOf(...placeholders: (keyof typeof NAMES)[]): Record<string, string> {
  return Object.fromEntries(placeholders.map((placeholder) => [placeholder, NAMES[placeholder]]));
}
