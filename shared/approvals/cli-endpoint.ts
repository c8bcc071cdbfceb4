import { z } from 'zod';
import { type DecisionDeps, type DecisionResult, decideApproval } from './decide';
import { FunctionUrlEventSchema, type FunctionUrlResponse, jsonResponse, rawBody } from './function-url';
import { APPROVAL_ID_PATTERN } from './slack-interaction';

/** What `vigil remediation` sends to the approval function URL (AWS_IAM auth). */
export const CliApprovalRequestSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.enum(['approve', 'reject']),
    approvalId: z.string().regex(APPROVAL_ID_PATTERN, 'must be an approval id (32 hex digits)'),
    comment: z.string().max(1_000).optional(),
  }),
  z.object({ action: z.literal('list') }),
]);

/** A pending approval as `vigil remediation list` shows it. */
export interface PendingApprovalSummary {
  readonly approvalId: string;
  readonly ruleId: string;
  readonly resource: string;
  readonly requestedAt: string;
  readonly expiresAt: string;
  readonly planned: readonly string[];
}

/**
 * Answers `vigil remediation approve|reject|list` through a function URL with `AWS_IAM` auth: the approver is
 * the caller ARN AWS authenticated (`requestContext.authorizer.iam.userArn`), never a name the client sends.
 * A request without it is refused with 403 (the URL is misconfigured, not signed by AWS).
 */
export async function handleCliApproval(
  event: unknown,
  deps: DecisionDeps,
): Promise<{ readonly response: FunctionUrlResponse; readonly result?: DecisionResult }> {
  const parsed = FunctionUrlEventSchema.safeParse(event);
  if (!parsed.success) return { response: jsonResponse(400, { error: 'not a function URL event' }) };
  const callerArn = parsed.data.requestContext.authorizer?.iam?.userArn;
  if (callerArn === undefined || callerArn === '')
    return {
      response: jsonResponse(403, {
        error: 'no AWS-authenticated caller (the function URL must use AWS_IAM auth)',
      }),
    };
  let raw: unknown;
  try {
    raw = JSON.parse(rawBody(parsed.data).toString('utf8'));
  } catch {
    return { response: jsonResponse(400, { error: 'body is not JSON' }) };
  }
  const body = CliApprovalRequestSchema.safeParse(raw);
  if (!body.success)
    return {
      response: jsonResponse(400, {
        error: body.error.issues
          .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
          .join('; '),
      }),
    };
  if (body.data.action === 'list') {
    const pending = await deps.store.listPending();
    const approvals: PendingApprovalSummary[] = pending.map(({ document }) => ({
      approvalId: document.approvalId,
      ruleId: document.ruleId,
      resource: `${document.request.resource.resourceType} ${document.request.resource.resourceName ?? document.request.resource.resourceId} (${document.request.resource.accountId}/${document.request.resource.region})`,
      requestedAt: document.requestedAt,
      expiresAt: document.expiresAt,
      planned: document.requestRecord.planned.map(
        (call) => `${call.service}:${call.operation} ${call.description}`,
      ),
    }));
    return { response: jsonResponse(200, { approvals }) };
  }
  const result = await decideApproval(
    {
      approvalId: body.data.approvalId,
      decision: body.data.action,
      approver: { channel: 'aws', id: callerArn },
      ...(body.data.comment === undefined ? {} : { comment: body.data.comment }),
    },
    deps,
  );
  switch (result.status) {
    case 'unknown':
      return { response: jsonResponse(404, { error: result.reason }), result };
    case 'accepted':
      return { response: jsonResponse(202, { status: 'approved', approvalId: result.approvalId }), result };
    case 'recorded':
      return {
        response: jsonResponse(result.outcome === 'rejected' ? 200 : 409, {
          status: result.outcome,
          reason: result.reason,
          record: result.key,
        }),
        result,
      };
    default: {
      const never: never = result;
      return never;
    }
  }
}
