import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { type Approver, ApproverSchema, RemediationRecordSchema } from '#shared/remediations/record';
import { RemediationRequestSchema } from '#shared/remediations/request';
import { STATE_PARTITION_KEY, STATE_SORT_KEY } from '#shared/state/compliance-state';
import { ApprovalStoreError } from './errors';

/** Partition of the approval rows in the state table (`sk` = approval id); one Query lists them all. */
export const APPROVAL_PARTITION = 'remediation-approval';

/** Partition of the seen Slack request signatures (replay guard). */
export const SLACK_REQUEST_PARTITION = 'slack-request';

/** How long an approval row outlives its expiry before the table's TTL removes it. */
export const APPROVAL_ROW_RETENTION_SECONDS = 30 * 86_400;

/** Where an approval request stands. */
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'applying', 'done'] as const;

/** Where an approval request stands. */
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** What an approval row holds from the start and never changes. */
export const ApprovalDocumentSchema = z.object({
  approvalId: z.string(),
  ruleId: z.string(),
  request: RemediationRequestSchema,
  planHash: z.string(),
  requestedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /** The `awaiting-approval` record and its key: every decision record copies its plan and state. */
  requestKey: z.string(),
  requestRecord: RemediationRecordSchema,
});

/** What an approval row holds from the start and never changes. */
export type ApprovalDocument = z.infer<typeof ApprovalDocumentSchema>;

/** An approval row: its document and its current status with the decision taken, if any. */
export interface StoredApproval {
  readonly document: ApprovalDocument;
  readonly status: ApprovalStatus;
  readonly decision?: 'approve' | 'reject' | 'expire';
  readonly approver?: Approver;
  readonly decidedAt?: string;
  readonly comment?: string;
  readonly responseUrl?: string;
  readonly outcomeKey?: string;
}

/** Fields a status change may set. */
export type ApprovalUpdate = Partial<Omit<StoredApproval, 'document' | 'status'>>;

/** Where pending approvals are kept; every change of status is conditional on the status before it. */
export interface ApprovalStore {
  /** Adds a pending approval; fails if the id exists. */
  create(document: ApprovalDocument): Promise<void>;
  get(approvalId: string): Promise<StoredApproval | undefined>;
  /**
   * Moves an approval from `from` to `to` and sets `update`, only if it is in `from` (and, with `unexpiredAt`,
   * only if it expires after that time). Answers whether it moved.
   */
  transition(
    approvalId: string,
    from: ApprovalStatus,
    to: ApprovalStatus,
    update?: ApprovalUpdate,
    unexpiredAt?: Date,
  ): Promise<boolean>;
  /** Every pending approval (one Query of the approval partition). */
  listPending(): Promise<StoredApproval[]>;
  /** Counts a sighting of a signed Slack request and answers how many times it has been seen, this one included. */
  sightRequest(fingerprint: string, now: Date): Promise<number>;
}

/** Approvals as rows of the state table (`pk` = {@link APPROVAL_PARTITION}, `sk` = approval id), with a TTL. */
export class DynamoDbApprovalStore implements ApprovalStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(options: { readonly client: DynamoDBClient; readonly table: string }) {
    this.#client = options.client;
    this.#table = options.table;
  }

  #key(approvalId: string): Record<string, AttributeValue> {
    return { [STATE_PARTITION_KEY]: { S: APPROVAL_PARTITION }, [STATE_SORT_KEY]: { S: approvalId } };
  }

  async create(document: ApprovalDocument): Promise<void> {
    const ttl = Math.floor(new Date(document.expiresAt).getTime() / 1000) + APPROVAL_ROW_RETENTION_SECONDS;
    await this.#call(`create approval ${document.approvalId}`, () =>
      this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: {
            ...this.#key(document.approvalId),
            status: { S: 'pending' },
            document: { S: JSON.stringify(document) },
            approvalExpiresAt: { S: document.expiresAt },
            expiresAt: { N: String(ttl) },
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': STATE_PARTITION_KEY },
        }),
      ),
    );
  }

  async get(approvalId: string): Promise<StoredApproval | undefined> {
    const response = await this.#call(`read approval ${approvalId}`, () =>
      this.#client.send(
        new GetItemCommand({ TableName: this.#table, Key: this.#key(approvalId), ConsistentRead: true }),
      ),
    );
    return response.Item === undefined ? undefined : fromItem(response.Item);
  }

  async transition(
    approvalId: string,
    from: ApprovalStatus,
    to: ApprovalStatus,
    update: ApprovalUpdate = {},
    unexpiredAt?: Date,
  ): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status', '#pk': STATE_PARTITION_KEY };
    const values: Record<string, AttributeValue> = { ':from': { S: from }, ':to': { S: to } };
    const sets = ['#status = :to'];
    for (const [field, value] of Object.entries(update)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = { S: typeof value === 'string' ? value : JSON.stringify(value) };
      sets.push(`#${field} = :${field}`);
    }
    let condition = 'attribute_exists(#pk) AND #status = :from';
    if (unexpiredAt !== undefined) {
      names['#approvalExpiresAt'] = 'approvalExpiresAt';
      values[':now'] = { S: unexpiredAt.toISOString() };
      condition += ' AND #approvalExpiresAt > :now';
    }
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: this.#key(approvalId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new ApprovalStoreError(`cannot move approval ${approvalId} from ${from} to ${to}`, {
        cause: error,
        context: { approvalId, from, to },
      });
    }
  }

  async listPending(): Promise<StoredApproval[]> {
    const approvals: StoredApproval[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.#call('list pending approvals', () =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: '#pk = :pk',
            FilterExpression: '#status = :pending',
            ExpressionAttributeNames: { '#pk': STATE_PARTITION_KEY, '#status': 'status' },
            ExpressionAttributeValues: { ':pk': { S: APPROVAL_PARTITION }, ':pending': { S: 'pending' } },
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        ),
      );
      for (const item of page.Items ?? []) approvals.push(fromItem(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return approvals;
  }

  async sightRequest(fingerprint: string, now: Date): Promise<number> {
    const response = await this.#call('count a Slack request', () =>
      this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: {
            [STATE_PARTITION_KEY]: { S: SLACK_REQUEST_PARTITION },
            [STATE_SORT_KEY]: { S: fingerprint },
          },
          UpdateExpression: 'ADD #seen :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
          ExpressionAttributeNames: { '#seen': 'seen', '#expiresAt': 'expiresAt' },
          // Kept a day, far past the five minutes a signed request is accepted for.
          ExpressionAttributeValues: {
            ':one': { N: '1' },
            ':expiresAt': { N: String(Math.floor(now.getTime() / 1000) + 86_400) },
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Number(response.Attributes?.seen?.N ?? '1');
  }

  async #call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new ApprovalStoreError(`cannot ${what}`, { cause: error, context: { table: this.#table } });
    }
  }
}

const STATUS_SCHEMA = z.enum(APPROVAL_STATUSES);

function fromItem(item: Record<string, AttributeValue>): StoredApproval {
  const text = (name: string): string | undefined => item[name]?.S;
  const document = ApprovalDocumentSchema.parse(JSON.parse(text('document') ?? '{}'));
  const approverText = text('approver');
  const decision = text('decision');
  return {
    document,
    status: STATUS_SCHEMA.parse(text('status')),
    ...(decision === 'approve' || decision === 'reject' || decision === 'expire' ? { decision } : {}),
    ...(approverText === undefined ? {} : { approver: ApproverSchema.parse(JSON.parse(approverText)) }),
    ...optional('decidedAt', text('decidedAt')),
    ...optional('comment', text('comment')),
    ...optional('responseUrl', text('responseUrl')),
    ...optional('outcomeKey', text('outcomeKey')),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
