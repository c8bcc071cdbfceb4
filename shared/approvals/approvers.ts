import { z } from 'zod';
import type { Approver } from '#shared/remediations/record';
import { ALL_RULES_KEY } from '#shared/remediations/toggles';
import { ApprovalConfigError } from './errors';

/** A Slack user id (`U…`, or `W…` on Enterprise Grid). */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** An IAM user or role ARN, or an STS assumed-role session ARN. */
const AWS_PRINCIPAL_ARN = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:(user|role|assumed-role)\/[\w+=,.@/-]+$/;

/** Per rule id (or `*` for rules not named), who may approve or reject its plans. */
export type ApproverMap = Readonly<Record<string, readonly string[]>>;

const ApproverMapSchema = z.record(
  z.string().min(1),
  z.array(
    z
      .string()
      .trim()
      .refine((entry) => SLACK_USER_ID.test(entry) || AWS_PRINCIPAL_ARN.test(entry), {
        message: 'must be a Slack user id (U…/W…) or an IAM user, IAM role or assumed-role ARN',
      }),
  ),
);

/**
 * Parses `REMEDIATION_APPROVERS`: JSON `{"<rule-id>"|"*": ["U0123ABCD", "arn:aws:iam::123456789012:role/Ops"]}`.
 * Unset or empty means nobody may approve (every decision is refused and recorded).
 * @throws ApprovalConfigError naming the entry that is wrong.
 */
export function parseApprovers(text: string | undefined): ApproverMap {
  if (text === undefined || text.trim() === '') return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ApprovalConfigError('REMEDIATION_APPROVERS is not valid JSON', { cause });
  }
  const parsed = ApproverMapSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
    );
    throw new ApprovalConfigError(
      `REMEDIATION_APPROVERS must be {"<rule-id>"|"${ALL_RULES_KEY}": ["<slack user id or IAM ARN>", …]}: ${problems.join('; ')}`,
      { cause: parsed.error, context: { problems } },
    );
  }
  return parsed.data;
}

/** The approvers of a rule: its own list when it has one, else the `*` list, else nobody. */
export function approversOf(map: ApproverMap, ruleId: string): readonly string[] {
  return map[ruleId] ?? map[ALL_RULES_KEY] ?? [];
}

/** `{account, kind, name}` of an IAM principal ARN; an assumed-role session is its role. */
function principalOf(arn: string): { account: string; kind: string; name: string } | undefined {
  const match = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):(user|role|assumed-role)\/(.+)$/.exec(arn);
  if (match === null) return undefined;
  const [, account = '', kind = '', path = ''] = match;
  const parts = path.split('/');
  // iam role/user ARNs may carry a path (`role/team/Ops`): the name is the last segment.
  // assumed-role ARNs are `assumed-role/<role name>/<session>`: the name is the first.
  if (kind === 'assumed-role') return { account, kind: 'role', name: parts[0] ?? '' };
  return { account, kind, name: parts.at(-1) ?? '' };
}

/**
 * Whether `approver` may decide on plans of `ruleId`. A Slack user matches its user id exactly. An AWS caller
 * matches an IAM user ARN exactly, and a role ARN when the caller is a session of that role (same account and
 * role name).
 */
export function isApprover(map: ApproverMap, ruleId: string, approver: Approver): boolean {
  const listed = approversOf(map, ruleId);
  if (approver.channel === 'slack') return SLACK_USER_ID.test(approver.id) && listed.includes(approver.id);
  const caller = principalOf(approver.id);
  if (caller === undefined) return false;
  return listed.some((entry) => {
    const allowed = principalOf(entry);
    return (
      allowed !== undefined &&
      allowed.account === caller.account &&
      allowed.kind === caller.kind &&
      allowed.name === caller.name
    );
  });
}
