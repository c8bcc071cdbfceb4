import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { FAILING_RULES_ATTRIBUTE } from './dynamodb-state-store';
import { StateStoreError } from './errors';

/** One rule failing on one resource right now, as the compliance state records it. */
export interface OpenFailure {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  /** Name and ARN, for state rows that record them (the console needs names for IAM and RDS). */
  readonly resourceName?: string;
  readonly arn?: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly annotation: string;
  /** Capture time of the newest configuration item evaluated. */
  readonly captureTime: string;
  /** When the rule last judged the resource. */
  readonly evaluatedAt: string;
  /** When the resource started failing, for state rows that record it (`failingSince`). */
  readonly failingSince?: string;
  /** The risk acceptance the rule's newest finding is marked with, if any. */
  readonly acceptanceId?: string;
}

/** The open failures of a state store, with the rows that could not be read. */
export interface OpenFailureList {
  readonly failures: readonly OpenFailure[];
  /** Failing rows skipped because they lack a field the digest needs. */
  readonly malformedRows: number;
}

/** Lists every (rule, resource) pair whose stored status is NON_COMPLIANT. */
export interface OpenFailureSource {
  /** @throws StateStoreError when the store cannot be read. */
  listOpenFailures(): Promise<OpenFailureList>;
}

const FailingRuleSchema = z.object({
  compliance: z.string().optional(),
  severity: z.string(),
  annotation: z.string(),
  evaluatedAt: z.string(),
  failingSince: z.string().optional(),
  acceptanceId: z.string().optional(),
});

const OpenFailureRowSchema = z.object({
  accountId: z.string(),
  region: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  resourceName: z.string().optional(),
  arn: z.string().optional(),
  captureTime: z.string(),
  [FAILING_RULES_ATTRIBUTE]: z.array(z.string()),
  rules: z.record(z.string(), z.unknown()),
});

/** Attributes the digest reads; the bulky pending evidence is left on the table. */
const PROJECTED = Object.keys(OpenFailureRowSchema.shape);

/** The open failures one resource row holds, and how many of its failing rules could not be read. */
function failuresOfRow(item: unknown): { failures: OpenFailure[]; malformed: number } {
  const row = OpenFailureRowSchema.safeParse(item);
  if (!row.success) return { failures: [], malformed: 1 };
  const { rules, [FAILING_RULES_ATTRIBUTE]: failing, ...resource } = row.data;
  const failures: OpenFailure[] = [];
  let malformed = 0;
  for (const ruleId of failing) {
    const rule = FailingRuleSchema.safeParse(rules[ruleId]);
    if (!rule.success || rule.data.compliance !== 'NON_COMPLIANT') {
      malformed += 1;
      continue;
    }
    failures.push({
      ...resource,
      ruleId,
      severity: rule.data.severity,
      annotation: rule.data.annotation,
      evaluatedAt: rule.data.evaluatedAt,
      ...(rule.data.failingSince === undefined ? {} : { failingSince: rule.data.failingSince }),
      ...(rule.data.acceptanceId === undefined ? {} : { acceptanceId: rule.data.acceptanceId }),
    });
  }
  return { failures, malformed };
}

/** Options of {@link DynamoDbOpenFailureSource}. */
export interface DynamoDbOpenFailureSourceOptions {
  readonly client: DynamoDBClient;
  readonly table: string;
  /**
   * Parallel scan segments (DynamoDB `TotalSegments`); raise it for tables of many thousand rows.
   * @default 1
   */
  readonly segments?: number;
  /** Items read per Scan page (DynamoDB `Limit`); unset, DynamoDB's 1 MB page. */
  readonly pageSize?: number;
}

/**
 * Open failures from the state table. The table has one row per resource and no index on status, so this
 * is an eventually consistent Scan filtered on rows that list failing rules, projecting only the digest's
 * attributes: it reads (and is billed for) the whole table once per call, which
 * suits a daily digest; a sparse index on failing rows would make it a Query.
 */
export class DynamoDbOpenFailureSource implements OpenFailureSource {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #segments: number;
  readonly #pageSize: number | undefined;

  constructor(options: DynamoDbOpenFailureSourceOptions) {
    this.#client = DynamoDBDocumentClient.from(options.client);
    this.#table = options.table;
    this.#segments = Math.max(1, Math.trunc(options.segments ?? 1));
    this.#pageSize = options.pageSize;
  }

  async listOpenFailures(): Promise<OpenFailureList> {
    const segments = await Promise.all(
      Array.from({ length: this.#segments }, (_unused, segment) => this.#scanSegment(segment)),
    );
    const failures = segments.flatMap((result) => result.failures);
    const malformedRows = segments.reduce((sum, result) => sum + result.malformedRows, 0);
    return { failures, malformedRows };
  }

  async #scanSegment(segment: number): Promise<{ failures: OpenFailure[]; malformedRows: number }> {
    const names = Object.fromEntries(PROJECTED.map((name, index) => [`#a${index}`, name]));
    const base: ScanCommandInput = {
      TableName: this.#table,
      FilterExpression: 'attribute_exists(#failing)',
      ProjectionExpression: Object.keys(names).join(', '),
      ExpressionAttributeNames: { ...names, '#failing': FAILING_RULES_ATTRIBUTE },
      ...(this.#segments > 1 ? { Segment: segment, TotalSegments: this.#segments } : {}),
      ...(this.#pageSize === undefined ? {} : { Limit: this.#pageSize }),
    };
    const failures: OpenFailure[] = [];
    let malformedRows = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      let page: { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> };
      try {
        page = await this.#client.send(
          new ScanCommand({ ...base, ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }) }),
        );
      } catch (error) {
        throw new StateStoreError(`cannot list open failures in ${this.#table}`, {
          cause: error,
          context: { table: this.#table, segment },
        });
      }
      for (const item of page.Items ?? []) {
        const row = failuresOfRow(item);
        failures.push(...row.failures);
        malformedRows += row.malformed;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return { failures, malformedRows };
  }
}
