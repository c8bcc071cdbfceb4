import { z } from 'zod';
import { canonicalJson } from '#shared/evidence/canonical-json';
import type { PutEvidenceResult } from '#shared/evidence/evidence-store';
import {
  compactTime,
  hourPath,
  REMEDIATIONS_PREFIX,
  resourceTypeSegment,
  sha256Hex,
} from '#shared/evidence/finding';
import type { S3EvidenceStore } from '#shared/evidence/s3-evidence-store';
import { RemediationEvidenceError } from './errors';
import { ACTIVE_REMEDIATION_MODES } from './toggles';

/** Version of the remediation record JSON schema. */
export const REMEDIATION_RECORD_SCHEMA_VERSION = 1;

export { REMEDIATIONS_PREFIX } from '#shared/evidence/finding';

/** How a remediation attempt ended. */
export const REMEDIATION_OUTCOMES = [
  /** The calls were made (and, for immediate remediations, the resource re-evaluated COMPLIANT). */
  'remediated',
  /** Dry run: the calls were planned and recorded, nothing was changed. */
  'planned',
  /** A call failed, the plan was refused, or the resource was still failing afterwards. */
  'failed',
  /** The rule used up its remediations for the hour; nothing was changed. */
  'rate-limited',
  /** The resource carries a `vigil:exempt` tag for the rule; nothing was changed. */
  'exempt',
  /** Approve mode: the calls were planned and a person was asked to approve them; nothing was changed. */
  'awaiting-approval',
  /** Approve mode: a person rejected the planned calls; nothing was changed. */
  'rejected',
  /** Approve mode: nobody decided before the request expired (or a decision came too late); nothing was changed. */
  'expired',
  /**
   * Approve mode: a decision was not acted on (unlisted approver, replayed or stale request, request already
   * decided, or the resource changed since the plan was approved); nothing was changed.
   */
  'refused',
] as const;

/** How a remediation attempt ended. */
export type RemediationOutcome = (typeof REMEDIATION_OUTCOMES)[number];

const plannedCallSchema = z.object({
  service: z.string(),
  operation: z.string(),
  iamAction: z.string(),
  input: z.unknown(),
  description: z.string(),
});

const stateSchema = z.object({
  captureTime: z.string(),
  status: z.string(),
  configuration: z.unknown(),
  supplementaryConfiguration: z.unknown(),
  tags: z.record(z.string(), z.string()),
  compliance: z.string(),
  annotation: z.string(),
});

/** Who made (or claimed to make) a decision on an approval request. */
export const ApproverSchema = z.object({
  /** `slack`: a Slack user id from a payload Slack signed; `aws`: a caller ARN that AWS authenticated. */
  channel: z.enum(['slack', 'aws']),
  id: z.string().min(1),
  /** Slack user name, when the payload carried one. */
  name: z.string().optional(),
});

/** Who made (or claimed to make) a decision on an approval request. */
export type Approver = z.infer<typeof ApproverSchema>;

/** Approve mode: which approval request a record belongs to and the decision it records. */
export const ApprovalInfoSchema = z.object({
  /** Random 128-bit id (32 hex digits) of the approval request, as in Slack buttons and `vigil remediation`. */
  approvalId: z.string().regex(/^[0-9a-f]{32}$/),
  /** SHA-256 of the canonical JSON of the planned calls a person is asked to approve. */
  planHash: z.string().regex(/^[0-9a-f]{64}$/),
  requestedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /** The decision this record is about; absent on the request itself (`awaiting-approval`). */
  decision: z.enum(['approve', 'reject', 'expire']).optional(),
  approver: ApproverSchema.optional(),
  decidedAt: z.iso.datetime().optional(),
  /** Why a person gave the decision, when they said. */
  comment: z.string().optional(),
  /** Key of the `awaiting-approval` record this decision answers. */
  requestKey: z.string().optional(),
});

/** Approve mode: which approval request a record belongs to and the decision it records. */
export type ApprovalInfo = z.infer<typeof ApprovalInfoSchema>;

/** The evidence document of one remediation attempt (see docs/remediation.md). */
export const RemediationRecordSchema = z.object({
  schemaVersion: z.literal(REMEDIATION_RECORD_SCHEMA_VERSION),
  recordId: z.string(),
  ruleId: z.string(),
  remediationTitle: z.string(),
  mode: z.enum(ACTIVE_REMEDIATION_MODES),
  outcome: z.enum(REMEDIATION_OUTCOMES),
  reason: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  resource: z.object({
    accountId: z.string(),
    region: z.string(),
    resourceType: z.string(),
    resourceId: z.string(),
    resourceName: z.string().optional(),
    arn: z.string().optional(),
  }),
  /** What asked for the remediation: the finding that failed and the pipeline trigger behind it. */
  trigger: z.object({
    requestId: z.string(),
    source: z.string(),
    findingKey: z.string().optional(),
    findingHash: z.string().optional(),
    eventId: z.string().optional(),
    requestedAt: z.string(),
  }),
  /** Who acted: the function and its request id. */
  actor: z.object({ function: z.string(), invocationId: z.string().optional() }),
  exemption: z.object({ tag: z.string(), reason: z.string() }).optional(),
  before: stateSchema,
  planned: z.array(plannedCallSchema),
  /** Calls sent, in order, each with its result; empty for dry runs and refusals. */
  made: z.array(
    z.object({
      service: z.string(),
      operation: z.string(),
      status: z.enum(['succeeded', 'failed']),
      error: z.string().optional(),
    }),
  ),
  after: stateSchema.optional(),
  verification: z.enum(['immediate', 'deferred']),
  rateLimit: z.object({ window: z.string(), limit: z.number() }).optional(),
  /** Approve mode only: the approval request and the decision recorded. */
  approval: ApprovalInfoSchema.optional(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

/** One stored remediation record. */
export type RemediationRecord = z.infer<typeof RemediationRecordSchema>;

/** A record before its hash is computed. */
export type UnsealedRemediationRecord = Omit<RemediationRecord, 'hash'>;

/** Adds the SHA-256 of the canonical JSON of every other field, as findings carry. */
export function sealRecord(record: UnsealedRemediationRecord): RemediationRecord {
  return { ...record, hash: sha256Hex(canonicalJson(record)) };
}

/** Whether a stored record's hash matches its content. */
export function verifyRecord(record: RemediationRecord): boolean {
  const { hash, ...rest } = record;
  return sha256Hex(canonicalJson(rest)) === hash;
}

/**
 * Object key of a record, dated by the hour it finished (and is written in), so the sealer finds it under
 * that hour's prefix:
 * `remediations/<account>/<region>/<yyyy>/<mm>/<dd>/<hh>/<type>/<resourceId>/<ruleId>/<startedAt>_<recordId>.json`
 * (`<recordId>` as the first 12 hex digits of its SHA-256; a record of the request itself has the request id
 * as its record id, so older keys are unchanged, and each decision on an approval has a record id of its own).
 */
export function remediationKey(
  record: Pick<RemediationRecord, 'resource' | 'ruleId' | 'startedAt' | 'finishedAt' | 'recordId'>,
): string {
  const started = new Date(record.startedAt).toISOString();
  return [
    `${REMEDIATIONS_PREFIX}${hourPath(record.resource.accountId, record.resource.region, new Date(record.finishedAt))}${resourceTypeSegment(record.resource.resourceType)}`,
    encodeURIComponent(record.resource.resourceId),
    encodeURIComponent(record.ruleId),
    `${compactTime(started)}_${sha256Hex(record.recordId).slice(0, 12)}.json`,
  ].join('/');
}

/** Where remediation records are kept. */
export interface RemediationRecordStore {
  /** Writes a record under `key` (never overwriting) and returns where it went. */
  putRecord(key: string, record: RemediationRecord): Promise<PutEvidenceResult>;
  /** Human-readable location of a key (`s3://bucket/key`). */
  location(key: string): string;
}

/**
 * Records in the Object Lock evidence bucket, locked and checksummed like findings, under a key dated by
 * the hour they are written in, so the hourly signed digests list them and `vigil verify` can tell a removed
 * or altered record too.
 */
export class S3RemediationRecordStore implements RemediationRecordStore {
  readonly #store: S3EvidenceStore;

  constructor(store: S3EvidenceStore) {
    this.#store = store;
  }

  async putRecord(key: string, record: RemediationRecord): Promise<PutEvidenceResult> {
    try {
      return await this.#store.putLockedDocument(
        key,
        `${canonicalJson(record)}\n`,
        new Date(record.finishedAt),
        {
          'remediation-hash': record.hash,
          'remediation-outcome': record.outcome,
        },
      );
    } catch (error) {
      throw new RemediationEvidenceError(`cannot store remediation record ${key}`, {
        cause: error,
        context: { key },
      });
    }
  }

  location(key: string): string {
    return `s3://${this.#store.bucket}/${key}`;
  }
}
