import { z } from 'zod';
import { VigilError } from '#shared/errors';

/** Longest an acceptance may run, from its start to its expiry: one year (and a leap day). */
export const MAX_ACCEPTANCE_DAYS = 366;

/** Days before expiry the owner is warned. */
export const EXPIRY_WARNING_DAYS = 7;

const DAY_MS = 86_400_000;

/** An acceptance is not well formed, or a register change cannot be applied. */
export class AcceptanceError extends VigilError {
  override readonly name: string = 'AcceptanceError';
}

/** Characters a resource pattern may hold besides literals: `*` (any run) and `?` (any one character). */
const WILDCARDS = /[*?]/;

/** A resource pattern: an exact resource id or ARN, or a glob of one with `*` and `?`; never empty or bare `*`s only. */
export const ResourcePatternSchema = z
  .string()
  .min(1)
  .max(2048)
  .refine((value) => value.trim() === value, 'has leading or trailing white space')
  .refine((value) => !/^[*?]+$/.test(value), 'matches every resource (name at least part of the id or ARN)')
  .refine((value) => !/[\s]/.test(value), 'contains white space');

/** The id of an acceptance: `acc-` and 12 lower-case hex digits, or any id the register gave. */
export const AcceptanceIdSchema = z.string().regex(/^acc-[0-9a-z-]{4,64}$/);

/** One accepted risk as recorded in the register (the body of an `accepted` change). */
export const AcceptanceSchema = z
  .object({
    id: AcceptanceIdSchema,
    ruleId: z.string().min(1),
    /** Exact resource id or ARN, or a glob over either (`*`, `?`). */
    resource: ResourcePatternSchema,
    /** A 12-digit account id, or `*` for every account. */
    accountId: z.string().regex(/^(\d{12}|\*)$/, 'must be a 12-digit account id or *'),
    /** Only this region; absent, every region. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
      .optional(),
    reason: z.string().trim().min(1, 'a reason is required'),
    /** Who answers for the risk and is warned before expiry (email or Slack id). */
    owner: z.string().trim().min(1, 'an owner is required'),
    /** Who approved the acceptance; must not be its owner alone deciding (see docs/acceptances.md). */
    approver: z.string().trim().min(1, 'an approver is required'),
    ticket: z.url({ protocol: /^https?$/ }).optional(),
    startsAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    /**
     * The acceptance covers only resources that also carry a `vigil:exempt` tag for the rule: the register
     * delegates the choice of resources to whoever may tag them, within the pattern, until expiry.
     */
    allowTagExemption: z.boolean(),
    /** The AWS identity (ARN from STS GetCallerIdentity) that wrote the acceptance. */
    createdBy: z.string().min(1),
    createdAt: z.iso.datetime(),
  })
  .superRefine((acceptance, context) => {
    const start = Date.parse(acceptance.startsAt);
    const end = Date.parse(acceptance.expiresAt);
    if (end <= start) {
      context.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be after startsAt' });
    } else if (end - start > MAX_ACCEPTANCE_DAYS * DAY_MS) {
      context.addIssue({
        code: 'custom',
        path: ['expiresAt'],
        message: `must be at most ${MAX_ACCEPTANCE_DAYS} days after startsAt`,
      });
    }
    if (acceptance.owner.toLowerCase() === acceptance.approver.toLowerCase()) {
      context.addIssue({
        code: 'custom',
        path: ['approver'],
        message: 'must be someone other than the owner',
      });
    }
  });

/** One accepted risk. */
export type Acceptance = z.infer<typeof AcceptanceSchema>;

/** Parses an acceptance, naming every problem in one clear error. */
export function parseAcceptance(input: unknown): Acceptance {
  const parsed = AcceptanceSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'acceptance'}: ${issue.message}`,
  );
  throw new AcceptanceError(`invalid acceptance: ${problems.join('; ')}`, { context: { problems } });
}

/** The resource an evaluation is about, as the register matches it. */
export interface AcceptanceTarget {
  readonly ruleId: string;
  readonly accountId: string;
  readonly region: string;
  readonly resourceId: string;
  readonly arn?: string;
}

function globRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.+()[\]{}|/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

/** Whether a resource pattern names this resource: exactly (id or ARN), or as a glob when it has `*` or `?`. */
export function resourceMatches(
  pattern: string,
  target: Pick<AcceptanceTarget, 'resourceId' | 'arn'>,
): boolean {
  const candidates = target.arn === undefined ? [target.resourceId] : [target.resourceId, target.arn];
  if (!WILDCARDS.test(pattern)) return candidates.includes(pattern);
  const regExp = globRegExp(pattern);
  return candidates.some((candidate) => regExp.test(candidate));
}

/** Whether the acceptance covers this rule on this resource (its time window aside). */
export function acceptanceCovers(acceptance: Acceptance, target: AcceptanceTarget): boolean {
  return (
    acceptance.ruleId === target.ruleId &&
    (acceptance.accountId === '*' || acceptance.accountId === target.accountId) &&
    (acceptance.region === undefined || acceptance.region === target.region) &&
    resourceMatches(acceptance.resource, target)
  );
}

/** Whether `at` lies in the acceptance's window: from `startsAt` (inclusive) to `expiresAt` (exclusive). */
export function inWindow(acceptance: Pick<Acceptance, 'startsAt' | 'expiresAt'>, at: Date): boolean {
  const time = at.getTime();
  return time >= Date.parse(acceptance.startsAt) && time < Date.parse(acceptance.expiresAt);
}

/** How specific a pattern is: exact ids first, then longer literal text, so the narrowest acceptance marks a finding. */
export function specificity(acceptance: Acceptance): number {
  const literal = acceptance.resource.replace(/[*?]/g, '').length;
  return (
    (WILDCARDS.test(acceptance.resource) ? 0 : 1_000_000) +
    literal * 10 +
    (acceptance.region ? 2 : 0) +
    (acceptance.accountId === '*' ? 0 : 1)
  );
}
