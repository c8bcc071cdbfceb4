import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** One AWS call seen by the SDK, with the capacity units it would consume on DynamoDB. */
export interface CallTally {
  calls: number;
  wru: number;
  rru: number;
}

type Send = (this: object, command: object, ...rest: unknown[]) => Promise<unknown>;

/**
 * Approximate DynamoDB size of a value: UTF-8 bytes of strings and attribute names, raw bytes of binary
 * values, a few bytes per number and per list or map (the sizes DynamoDB bills by).
 */
function sizeOf(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') return Math.ceil(String(value).length / 2) + 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value))
    return 3 + value.reduce((total: number, element) => total + 1 + sizeOf(element), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value as Record<string, unknown>).reduce(
        (total, [name, element]) => total + 1 + Buffer.byteLength(name, 'utf8') + sizeOf(element),
        0,
      )
    );
  }
  return 8;
}

/** Capacity units a DynamoDB document-client command consumes (items assumed ≤ 4 KB for reads). */
function capacityOf(operation: string, input: Record<string, unknown>): { wru: number; rru: number } {
  const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
  switch (operation) {
    case 'PutCommand':
    case 'PutItemCommand':
      return { wru: writeUnits(sizeOf(input.Item)), rru: 0 };
    case 'UpdateCommand':
    case 'UpdateItemCommand':
    case 'DeleteCommand':
    case 'DeleteItemCommand':
      return { wru: writeUnits(sizeOf(input.Key) + sizeOf(input.ExpressionAttributeValues)), rru: 0 };
    case 'TransactWriteCommand':
    case 'TransactWriteItemsCommand': {
      const items = Array.isArray(input.TransactItems) ? input.TransactItems : [];
      return { wru: items.reduce((sum: number, item) => sum + 2 * writeUnits(sizeOf(item)), 0), rru: 0 };
    }
    case 'GetCommand':
    case 'GetItemCommand':
    case 'QueryCommand':
      return { wru: 0, rru: input.ConsistentRead === true ? 1 : 0.5 };
    default:
      return { wru: 0, rru: 0 };
  }
}

/**
 * Counts every SDK v3 call per client and command by wrapping the shared smithy `Client.prototype.send`
 * (every AWS client, the DynamoDB document client included, inherits it).
 */
export class CallCounter {
  readonly tallies = new Map<string, CallTally>();
  readonly #restore: (() => void)[] = [];

  start(): void {
    const clients = [
      S3Client,
      DynamoDBClient,
      DynamoDBDocumentClient,
      SNSClient,
      SQSClient,
      KMSClient,
      ConfigServiceClient,
    ];
    const prototypes = new Set(clients.map((client) => Object.getPrototypeOf(client.prototype) as object));
    for (const prototype of prototypes) {
      const holder = prototype as { send: Send };
      const original = holder.send;
      const tallies = this.tallies;
      holder.send = function counted(this: object, command: object, ...rest: unknown[]) {
        const client = this.constructor.name.replace(/Client$/, '').replace('DynamoDBDocument', 'DynamoDB');
        const operation = command.constructor.name;
        const key = `${client} ${operation.replace(/Command$/, '')}`;
        const tally = tallies.get(key) ?? { calls: 0, wru: 0, rru: 0 };
        const input = (command as { input?: Record<string, unknown> }).input ?? {};
        const units = client === 'DynamoDB' ? capacityOf(operation, input) : { wru: 0, rru: 0 };
        tally.calls += 1;
        tally.wru += units.wru;
        tally.rru += units.rru;
        tallies.set(key, tally);
        return original.call(this, command, ...rest);
      };
      this.#restore.push(() => {
        holder.send = original;
      });
    }
  }

  stop(): void {
    for (const restore of this.#restore.splice(0)) restore();
  }

  /** The tallies since the last call, cleared. */
  take(): Map<string, CallTally> {
    const taken = new Map(this.tallies);
    this.tallies.clear();
    return taken;
  }
}

/** Calls that write evidence or state: S3 puts and DynamoDB writes (conditional or not). */
export function isEvidenceOrStateWrite(key: string): boolean {
  return key === 'S3 PutObject' || /^DynamoDB (Put|Update|Delete|BatchWrite|TransactWrite)(Item)?$/.test(key);
}
