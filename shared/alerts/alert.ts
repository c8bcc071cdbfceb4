import { z } from 'zod';

/** SNS refuses subjects longer than this. */
export const SUBJECT_MAX_LENGTH = 100;

/**
 * What an alert announces: a change of compliance status (`NEW_FAILURE`, `RESOLVED`, produced by the pipeline)
 * or the outcome of an auto-remediation (`REMEDIATED`, `REMEDIATION_FAILED`, and `REMEDIATION_PLANNED` for a
 * dry run or a fix awaiting approval).
 */
export const ALERT_TRANSITIONS = [
  'NEW_FAILURE',
  'RESOLVED',
  'REMEDIATED',
  'REMEDIATION_FAILED',
  'REMEDIATION_PLANNED',
] as const;

/** One kind of alert. */
export type AlertTransition = (typeof ALERT_TRANSITIONS)[number];

/** The alert kinds that report an auto-remediation and so must carry `remediation`. */
export const REMEDIATION_TRANSITIONS: readonly AlertTransition[] = [
  'REMEDIATED',
  'REMEDIATION_FAILED',
  'REMEDIATION_PLANNED',
];

/** What an auto-remediation did, failed to do, or would do. */
export const RemediationInfoSchema = z.object({
  /** The remediation's id (its file name under `shared/remediations/`, usually the rule id). */
  remediationId: z.string(),
  /** The change, phrased for a person: "Enabled default SSE-S3 encryption on the bucket". */
  action: z.string(),
  /** Why it failed (REMEDIATION_FAILED only); never a stack trace. */
  error: z.string().optional(),
  /** Where the run can be traced: an execution id, request id or log link. */
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

/** SNS subjects are printable ASCII on one line; anything else becomes `?` or a space. */
function asciiLine(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** A valid SNS subject: one line of printable ASCII, at most 100 characters. */
export function snsSubject(text: string): string {
  return truncate(asciiLine(text), SUBJECT_MAX_LENGTH);
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
  REMEDIATED: {
    headline: 'REMEDIATED',
    intro: 'Vigil changed a resource to bring it back into compliance; the next evaluation confirms it.',
  },
  REMEDIATION_FAILED: {
    headline: 'REMEDIATION FAILED',
    intro: 'Auto-remediation failed; the resource is still not compliant and needs a person.',
  },
  REMEDIATION_PLANNED: {
    headline: 'REMEDIATION PLANNED',
    intro: 'Auto-remediation would change this resource (dry run or awaiting approval); nothing was changed.',
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

/** Renders an alert as a subject (at most 100 ASCII characters) and a body a person can act on. */
export function formatAlert(alert: Alert): FormattedAlert {
  const wording = WORDING[alert.transition];
  const name = alert.resource.resourceName ?? alert.resource.resourceId;
  const subject = snsSubject(`[Vigil] ${wording.headline} ${alert.severity}: ${alert.ruleId} on ${name}`);
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
    `Status:    ${change}`,
    `Finding:   ${alert.annotation}`,
    ...(remediation === undefined ? [] : [`Action:    ${remediation.action}`]),
    ...(remediation?.error === undefined ? [] : [`Error:     ${remediation.error}`]),
    ...(remediation?.reference === undefined ? [] : [`Reference: ${remediation.reference}`]),
    ...(needsFixAdvice(alert.transition) ? [`Fix:       ${alert.remediationAdvice}`] : []),
    `Captured:  ${alert.captureTime} (evaluated ${alert.evaluatedAt})`,
    `Evidence:  ${alert.evidence.location ?? alert.evidence.key}`,
    `SHA-256:   ${alert.evidence.hash}`,
  ];
  return { subject, body: `${lines.join('\n')}\n` };
}
