import { deniesInsecureTransport } from '#shared/policy/analyzer';
import { tryParsePolicyDocument } from '#shared/policy/policy-document';
import {
  bucketArn,
  bucketName,
  bucketPolicyText,
  decodeJsonValue,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { nothingToDo, planCalls, type Remediation, refuse } from './remediation';

/** The Sid of the statement Vigil adds; a statement with this Sid is Vigil's and may be restored. */
export const TLS_STATEMENT_SID = 'VigilDenyInsecureTransport';

/** S3 refuses bucket policies larger than 20 KB. */
const MAX_POLICY_BYTES = 20 * 1024;

/** The statement that denies every plain-HTTP request to a bucket and its objects. */
export function denyInsecureTransportStatement(arn: string): Record<string, unknown> {
  return {
    Sid: TLS_STATEMENT_SID,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [arn, `${arn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/**
 * Merges the current policy with Vigil's TLS statement: every existing statement is kept as written; a
 * statement with Sid `VigilDenyInsecureTransport` is replaced in place (it is Vigil's), otherwise the
 * statement is appended. Returns the merged document, or why it cannot be merged safely.
 */
export function mergeTlsStatement(
  current: unknown,
  arn: string,
):
  | { readonly ok: true; readonly policy: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string } {
  const statement = denyInsecureTransportStatement(arn);
  if (current === undefined) return { ok: true, policy: { Version: '2012-10-17', Statement: [statement] } };
  const raw = decodeJsonValue(current);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, reason: 'the current bucket policy is not a JSON object' };
  }
  const document = raw as Record<string, unknown>;
  const existing = document.Statement;
  const statements: unknown[] = Array.isArray(existing)
    ? [...existing]
    : existing === undefined
      ? []
      : [existing];
  const ours = statements.findIndex(
    (entry) =>
      entry !== null && typeof entry === 'object' && (entry as { Sid?: unknown }).Sid === TLS_STATEMENT_SID,
  );
  if (ours >= 0) statements[ours] = statement;
  else statements.push(statement);
  return { ok: true, policy: { ...document, Statement: statements } };
}

/**
 * Adds a Deny of plain-HTTP requests (Sid `VigilDenyInsecureTransport`, resources the bucket and
 * `bucket/*`) to the bucket policy, MERGED into the current policy, never replacing it: every existing
 * statement is kept. Idempotent: a policy that already denies plain HTTP (by any statement, as
 * `deniesInsecureTransport` judges it) is left alone, and Vigil's own statement is never added twice.
 * A policy that cannot be read is never overwritten (the plan is refused), and neither is a merged policy
 * that would exceed S3's 20 KB limit or would still not deny plain HTTP.
 */
export const s3BucketSslRequestsOnlyRemediation = {
  ruleId: 's3-bucket-ssl-requests-only',
  title: 'Add a statement denying plain-HTTP requests to the bucket policy (merged, never replacing it)',
  resourceTypes: [S3_BUCKET_TYPE],
  permissions: ['s3:PutBucketPolicy'],
  verification: 'immediate',
  plan(item) {
    const name = bucketName(item);
    const arn = bucketArn(item);
    const text = bucketPolicyText(item);
    if (text !== undefined) {
      const parsed = tryParsePolicyDocument(text);
      if (!parsed.ok)
        return refuse(
          `The policy of bucket ${name} cannot be read (${parsed.error.message}); not overwriting it.`,
        );
      if (deniesInsecureTransport(parsed.policy, { bucketArn: arn }).enforced) {
        return nothingToDo(`The policy of bucket ${name} already denies plain-HTTP requests.`);
      }
    }
    const merged = mergeTlsStatement(text, arn);
    if (!merged.ok) return refuse(`The policy of bucket ${name}: ${merged.reason}; not overwriting it.`);
    const policyText = JSON.stringify(merged.policy);
    if (Buffer.byteLength(policyText, 'utf8') > MAX_POLICY_BYTES) {
      return refuse(
        `Adding the TLS statement would make the policy of bucket ${name} exceed S3's 20 KB limit.`,
      );
    }
    const check = tryParsePolicyDocument(policyText);
    if (!check.ok || !deniesInsecureTransport(check.policy, { bucketArn: arn }).enforced) {
      return refuse(`The merged policy of bucket ${name} would still not deny plain-HTTP requests.`);
    }
    const kept = Array.isArray(merged.policy.Statement) ? merged.policy.Statement.length - 1 : 0;
    return planCalls({
      service: 's3',
      operation: 'PutBucketPolicy',
      input: { Bucket: name, ExpectedBucketOwner: item.accountId, Policy: policyText },
      description: `Add statement ${TLS_STATEMENT_SID} (Deny s3:* when aws:SecureTransport is false on ${arn} and ${arn}/*) to the policy of bucket ${name}, keeping its ${kept} other statement(s)`,
    });
  },
} as const satisfies Remediation<Record<string, never>, S3BucketConfiguration>;
