import { z } from 'zod';

/** SNS refuses subjects longer than this. */
export const SUBJECT_MAX_LENGTH = 100;

/** A change of compliance status of one rule on one resource, as people and subscription filters see it. */
export const AlertSchema = z.object({
  transition: z.enum(['NEW_FAILURE', 'RESOLVED']),
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

/** The name a person knows the resource by. */
export function resourceLabel(resource: Alert['resource']): string {
  return resource.resourceName && resource.resourceName !== resource.resourceId
    ? `${resource.resourceName} (${resource.resourceId})`
    : resource.resourceId;
}

/** Renders an alert as a subject (at most 100 ASCII characters) and a body a person can act on. */
export function formatAlert(alert: Alert): FormattedAlert {
  const headline = alert.transition === 'NEW_FAILURE' ? 'FAILING' : 'RESOLVED';
  const name = alert.resource.resourceName ?? alert.resource.resourceId;
  const subject = truncate(
    asciiLine(`[Vigil] ${headline} ${alert.severity}: ${alert.ruleId} on ${name}`),
    SUBJECT_MAX_LENGTH,
  );
  const change = `${alert.previousCompliance ?? 'not evaluated'} -> ${alert.compliance}`;
  const lines = [
    alert.transition === 'NEW_FAILURE'
      ? `A resource is no longer compliant with a SOC 2 control.`
      : `A compliance failure is resolved.`,
    '',
    `Rule:      ${alert.ruleId} (${alert.severity})`,
    `Control:   ${alert.ruleTitle}`,
    `SOC 2:     ${alert.soc2.join(', ') || '-'}`,
    `Resource:  ${alert.resource.resourceType} ${resourceLabel(alert.resource)}`,
    ...(alert.resource.arn ? [`ARN:       ${alert.resource.arn}`] : []),
    `Account:   ${alert.resource.accountId} in ${alert.resource.region}`,
    `Status:    ${change}`,
    `Finding:   ${alert.annotation}`,
    ...(alert.transition === 'NEW_FAILURE' ? [`Fix:       ${alert.remediationAdvice}`] : []),
    `Captured:  ${alert.captureTime} (evaluated ${alert.evaluatedAt})`,
    `Evidence:  ${alert.evidence.location ?? alert.evidence.key}`,
    `SHA-256:   ${alert.evidence.hash}`,
  ];
  return { subject, body: `${lines.join('\n')}\n` };
}
