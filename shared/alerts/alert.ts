import { z } from 'zod';
import { consoleUrlFor } from './console-links';

/** SNS refuses subjects longer than this. */
export const SUBJECT_MAX_LENGTH = 100;

/**
 * What an alert announces: a change of compliance status (`NEW_FAILURE`, `RESOLVED`, produced by the pipeline)
 * or the outcome of an auto-remediation (`REMEDIATION_SUCCEEDED`, `REMEDIATION_FAILED`, and
 * `REMEDIATION_PLANNED` for a dry run), produced by the remediation function.
 */
export const ALERT_TRANSITIONS = [
  'NEW_FAILURE',
  'RESOLVED',
  'REMEDIATION_SUCCEEDED',
  'REMEDIATION_FAILED',
  'REMEDIATION_PLANNED',
  'ACCEPTANCE_EXPIRING',
] as const;

/** One kind of alert. */
export type AlertTransition = (typeof ALERT_TRANSITIONS)[number];

/** The alert kinds that report an auto-remediation and so must carry `remediation`. */
export const REMEDIATION_TRANSITIONS: readonly AlertTransition[] = [
  'REMEDIATION_SUCCEEDED',
  'REMEDIATION_FAILED',
  'REMEDIATION_PLANNED',
];

/** What became of one API call of a remediation: only planned (dry run), made, failed, or not reached. */
export const REMEDIATION_CALL_STATUSES = ['planned', 'made', 'failed', 'skipped'] as const;

/** One API call of a remediation, summarized for people (never the full request input). */
export const RemediationCallSummarySchema = z.object({
  /** `service:Operation`, e.g. `s3:PutPublicAccessBlock`. */
  call: z.string().min(1),
  /** What the call changes, for a person: "Turn on all four Block Public Access settings of bucket x". */
  description: z.string(),
  status: z.enum(REMEDIATION_CALL_STATUSES),
  /** Why this call failed (status `failed`); an AWS error name and message, never a stack trace. */
  error: z.string().optional(),
});

/** One API call of a remediation, summarized for people. */
export type RemediationCallSummary = z.infer<typeof RemediationCallSummarySchema>;

/** What an auto-remediation did, failed to do, or would do. */
export const RemediationInfoSchema = z.object({
  /** The remediation's id (its file name under `shared/remediations/`, usually the rule id). */
  remediationId: z.string(),
  /** The change, phrased for a person: "Enable default SSE-S3 encryption on the bucket". */
  action: z.string(),
  /**
   * The toggle the remediation ran under: `dry-run` computes and records the calls, `approve` makes them
   * once a person approved them, `on` makes them.
   */
  mode: z.enum(['on', 'approve', 'dry-run']).optional(),
  /** The API calls planned (dry run) or made, in order. */
  calls: z.array(RemediationCallSummarySchema).optional(),
  /** Why it failed (REMEDIATION_FAILED only); never a stack trace. */
  error: z.string().optional(),
  /** Where the run can be traced: the remediation evidence key, an execution or request id. */
  reference: z.string().optional(),
});

/** What an auto-remediation did, failed to do, or would do. */
export type RemediationInfo = z.infer<typeof RemediationInfoSchema>;

/** A change of compliance status of one rule on one resource, as people and subscription filters see it. */
export const AlertSchema = z
  .object({
    transition: z.enum(ALERT_TRANSITIONS),
    ruleId: z.string(),
    ruleTitle: z.string(),
    severity: z.string(),
    soc2: z.array(z.string()),
    compliance: z.string(),
    previousCompliance: z.string().optional(),
    annotation: z.string(),
    remediationAdvice: z.string(),
    resource: z.object({
      accountId: z.string(),
      region: z.string(),
      resourceType: z.string(),
      resourceId: z.string(),
      resourceName: z.string().optional(),
      arn: z.string().optional(),
    }),
    captureTime: z.string(),
    evaluatedAt: z.string(),
    evidence: z.object({ key: z.string(), hash: z.string(), location: z.string().optional() }),
    remediation: RemediationInfoSchema.optional(),
    /** When the failure this alert ends began (RESOLVED), from the state row. */
    failingSince: z.string().optional(),
    /** How many evaluations confirmed the failure after it was first alerted (counted, never re-sent). */
    repeatCount: z.number().int().min(0).optional(),
    /** The risk acceptance that expires soon (ACCEPTANCE_EXPIRING) or lapsed (a NEW_FAILURE sent again). */
    acceptance: z
      .object({
        id: z.string(),
        owner: z.string(),
        approver: z.string(),
        reason: z.string(),
        ticket: z.string().optional(),
        expiresAt: z.string(),
        ended: z.enum(['expiring', 'expired', 'revoked']),
      })
      .optional(),
  })
  .refine((alert) => !REMEDIATION_TRANSITIONS.includes(alert.transition) || alert.remediation !== undefined, {
    message: 'remediation alerts must describe the remediation',
    path: ['remediation'],
  });

/** A change of status to announce. */
export type Alert = z.infer<typeof AlertSchema>;

/** Sends alerts somewhere people (or their tools) read them. */
export interface Notifier {
  /** Publishes one alert; throws when it could not be handed over. */
  notify(alert: Alert): Promise<void>;
}

/** A formatted alert: a one-line subject and a plain-text body. */
export interface FormattedAlert {
  readonly subject: string;
  readonly body: string;
}

/**
 * SNS subjects are printable ASCII on one line: line breaks and tabs become spaces, accents are dropped
 * (`é` → `e`), and any other character (one code point, so an emoji is one `?`) becomes `?`.
 */
function asciiLine(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/gu, ' ')
    .replace(/[^\x20-\x7e]/gu, '?')
    .trim();
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** A valid SNS subject: one line of printable ASCII, at most 100 characters. */
export function snsSubject(text: string): string {
  return truncate(asciiLine(text), SUBJECT_MAX_LENGTH);
}

/** The shortest a resource name is cut to before the subject as a whole is cut instead. */
const MIN_SUBJECT_NAME_LENGTH = 12;

/**
 * `[Vigil] <HEADLINE> <severity>: <rule id> on <resource>`, within 100 characters: a long resource name (an
 * ARN-like id) is shortened first so the rule id stays whole.
 */
function alertSubject(alert: Alert, headline: string): string {
  const prefix = `${asciiLine(`[Vigil] ${headline} ${alert.severity}: ${alert.ruleId}`)} on `;
  const name = asciiLine(alert.resource.resourceName ?? alert.resource.resourceId);
  const room = SUBJECT_MAX_LENGTH - prefix.length;
  return room >= MIN_SUBJECT_NAME_LENGTH ? prefix + truncate(name, room) : snsSubject(prefix + name);
}

/** The name a person knows the resource by. */
export function resourceLabel(resource: Alert['resource']): string {
  return resource.resourceName && resource.resourceName !== resource.resourceId
    ? `${resource.resourceName} (${resource.resourceId})`
    : resource.resourceId;
}

/** How each kind of alert opens: the subject's headline and the body's first sentence. */
const WORDING: Readonly<Record<AlertTransition, { readonly headline: string; readonly intro: string }>> = {
  NEW_FAILURE: { headline: 'FAILING', intro: 'A resource is no longer compliant with a SOC 2 control.' },
  RESOLVED: { headline: 'RESOLVED', intro: 'A compliance failure is resolved.' },
  REMEDIATION_SUCCEEDED: {
    headline: 'REMEDIATED',
    intro: 'Vigil changed a resource to bring it back into compliance.',
  },
  REMEDIATION_FAILED: {
    headline: 'REMEDIATION FAILED',
    intro: 'Auto-remediation failed; the resource is still not compliant and needs a person.',
  },
  REMEDIATION_PLANNED: {
    headline: 'REMEDIATION PLANNED',
    intro: 'Auto-remediation would change this resource (dry run); nothing was changed.',
  },
  ACCEPTANCE_EXPIRING: {
    headline: 'ACCEPTANCE EXPIRING',
    intro: 'A risk acceptance expires within 7 days; renew it with vigil accept or fix the resources.',
  },
};

/** Whether a person should be told how to fix the resource by hand. */
function needsFixAdvice(transition: AlertTransition): boolean {
  return (
    transition === 'NEW_FAILURE' ||
    transition === 'REMEDIATION_FAILED' ||
    transition === 'REMEDIATION_PLANNED'
  );
}

/**
 * How long a failure lasted and how often it was seen again without alerting: `since 2026-11-20T08:00:00Z
 * (3 d), seen 12 more times`.
 */
export function failureSpan(alert: Pick<Alert, 'failingSince' | 'repeatCount' | 'evaluatedAt'>): string {
  const since = alert.failingSince ?? '';
  const ms = Date.parse(alert.evaluatedAt) - Date.parse(since);
  const days = Number.isNaN(ms) ? '' : ` (${Math.max(0, Math.floor(ms / 86_400_000))} d)`;
  const repeats =
    alert.repeatCount === undefined || alert.repeatCount === 0
      ? ''
      : `, seen ${alert.repeatCount} more time${alert.repeatCount === 1 ? '' : 's'}`;
  return `since ${since}${days}${repeats}`;
}

/** At most this many remediation calls are listed in a message; the rest are counted. */
export const MAX_LISTED_CALLS = 20;

/** The remediation's calls, one line each (`[made] s3:PutBucketVersioning: Enable versioning`). */
function callLines(remediation: RemediationInfo): string[] {
  const calls = remediation.calls ?? [];
  if (calls.length === 0) return [];
  const planning = calls.every((call) => call.status === 'planned');
  const heading =
    remediation.mode === 'dry-run'
      ? 'Planned calls (dry run, none made):'
      : remediation.mode === 'approve' && planning
        ? 'Planned calls (awaiting approval, none made):'
        : 'Calls:';
  const lines = calls
    .slice(0, MAX_LISTED_CALLS)
    .map(
      (call) =>
        `  - [${call.status}] ${call.call}: ${call.description}${call.error === undefined ? '' : ` (${call.error})`}`,
    );
  const more = calls.length - lines.length;
  return [heading, ...lines, ...(more > 0 ? [`  ... and ${more} more`] : [])];
}

/** The acceptance lines of an alert: who owns the risk, why, and when the acceptance ends or ended. */
function acceptanceLines(acceptance: NonNullable<Alert['acceptance']>): string[] {
  const state =
    acceptance.ended === 'expiring'
      ? 'expires'
      : acceptance.ended === 'revoked'
        ? 'was revoked; was due'
        : 'expired';
  return [
    `Accepted:  risk acceptance ${acceptance.id} ${state} ${acceptance.expiresAt}`,
    `Owner:     ${acceptance.owner} (approved by ${acceptance.approver})`,
    `Reason:    ${acceptance.reason}`,
    ...(acceptance.ticket === undefined ? [] : [`Ticket:    ${acceptance.ticket}`]),
  ];
}

/** Renders an alert as a subject (at most 100 ASCII characters) and a body a person can act on. */
export function formatAlert(alert: Alert): FormattedAlert {
  const wording = WORDING[alert.transition];
  const subject = alertSubject(alert, wording.headline);
  const change = `${alert.previousCompliance ?? 'not evaluated'} -> ${alert.compliance}`;
  const remediation = alert.remediation;
  const lines = [
    wording.intro,
    '',
    `Rule:      ${alert.ruleId} (${alert.severity})`,
    `Control:   ${alert.ruleTitle}`,
    `SOC 2:     ${alert.soc2.join(', ') || '-'}`,
    `Resource:  ${alert.resource.resourceType} ${resourceLabel(alert.resource)}`,
    ...(alert.resource.arn ? [`ARN:       ${alert.resource.arn}`] : []),
    `Account:   ${alert.resource.accountId} in ${alert.resource.region}`,
    `Console:   ${consoleUrlFor(alert.resource)}`,
    `Status:    ${change}`,
    ...(alert.failingSince === undefined ? [] : [`History:   was failing ${failureSpan(alert)}`]),
    ...(alert.acceptance === undefined ? [] : acceptanceLines(alert.acceptance)),
    `Finding:   ${alert.annotation}`,
    ...(remediation === undefined ? [] : [`Action:    ${remediation.action}`]),
    ...(remediation === undefined ? [] : callLines(remediation)),
    ...(remediation?.error === undefined ? [] : [`Error:     ${remediation.error}`]),
    ...(remediation?.reference === undefined ? [] : [`Reference: ${remediation.reference}`]),
    ...(needsFixAdvice(alert.transition) ? [`Fix:       ${alert.remediationAdvice}`] : []),
    `Captured:  ${alert.captureTime} (evaluated ${alert.evaluatedAt})`,
    `Evidence:  ${alert.evidence.location ?? alert.evidence.key}`,
    `SHA-256:   ${alert.evidence.hash}`,
  ];
  return { subject, body: `${lines.join('\n')}\n` };
}

/** How a remediation run ended, as the remediation function reports it. */
export type RemediationOutcome = 'succeeded' | 'failed' | 'planned';

const REMEDIATION_TRANSITION_OF: Readonly<Record<RemediationOutcome, AlertTransition>> = {
  succeeded: 'REMEDIATION_SUCCEEDED',
  failed: 'REMEDIATION_FAILED',
  planned: 'REMEDIATION_PLANNED',
};

/** The facts of a remediation alert: everything an {@link Alert} holds except its kind. */
export type RemediationAlertInput = Omit<Alert, 'transition' | 'remediation'> & {
  readonly remediation: RemediationInfo;
};

/**
 * Builds (and validates) the alert of a remediation run; `compliance` is the status after the run
 * (re-evaluated), `previousCompliance` the one that triggered it.
 * @throws ZodError when the input is not a valid alert.
 */
export function remediationAlert(outcome: RemediationOutcome, input: RemediationAlertInput): Alert {
  return AlertSchema.parse({ ...input, transition: REMEDIATION_TRANSITION_OF[outcome] });
}
