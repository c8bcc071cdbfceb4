import { z } from 'zod';
import { type ApproverMap, parseApprovers } from './approvers';
import { ApprovalConfigError } from './errors';
import { DEFAULT_APPROVAL_TTL_HOURS } from './request-approval';

/** The environment variables of approve-to-fix (set by the CDK construct; see docs/remediation.md). */
export const ApprovalEnvSchema = z.object({
  /** JSON `{"<rule-id>"|"*": ["<Slack user id>", "<IAM user/role ARN>", …]}`; unset: nobody may approve. */
  REMEDIATION_APPROVERS: z.string().optional(),
  /** Hours a person has to decide, 1 to 168. */
  REMEDIATION_APPROVAL_TTL_HOURS: z.coerce.number().int().min(1).max(168).default(DEFAULT_APPROVAL_TTL_HOURS),
  /** Secrets Manager secret holding the Slack app's signing secret (Slack endpoint only). */
  SLACK_SIGNING_SECRET_ID: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim())),
  /** The remediation queue approved plans are handed to. */
  REMEDIATION_QUEUE_URL: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim())),
});

/** Typed settings of approve-to-fix. */
export interface ApprovalConfig {
  readonly approvers: ApproverMap;
  readonly ttlHours: number;
  readonly signingSecretId: string | undefined;
  readonly queueUrl: string | undefined;
}

/**
 * Parses the approval variables of an environment.
 * @throws ApprovalConfigError naming every variable that is malformed.
 */
export function parseApprovalConfig(env: Readonly<Record<string, string | undefined>>): ApprovalConfig {
  const parsed = ApprovalEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ApprovalConfigError(`invalid approval environment: ${problems.join('; ')}`, {
      cause: parsed.error,
      context: { variables: parsed.error.issues.map((issue) => issue.path.join('.')) },
    });
  }
  return {
    approvers: parseApprovers(parsed.data.REMEDIATION_APPROVERS),
    ttlHours: parsed.data.REMEDIATION_APPROVAL_TTL_HOURS,
    signingSecretId: parsed.data.SLACK_SIGNING_SECRET_ID,
    queueUrl: parsed.data.REMEDIATION_QUEUE_URL,
  };
}
