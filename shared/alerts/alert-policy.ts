import { z } from 'zod';
import { SEVERITIES, type Severity } from '#shared/rules/rule';
import type { Alert } from './alert';
import { AlertPolicyError } from './errors';

/**
 * Which alerts one channel receives. Every filter applies to every kind of alert, so a channel hears that a
 * failure is resolved (or remediated) exactly when it heard about the failure.
 */
export interface AlertPolicy {
  /** Drop alerts of rules less severe than this; alerts with a severity Vigil does not know always pass. */
  readonly minSeverity?: Severity;
  /** When set, only rules matching one of these ids or `*` patterns (`iam-*`). */
  readonly includeRules?: readonly string[];
  /** Rules matching one of these ids or patterns are dropped, even if included. */
  readonly excludeRules?: readonly string[];
}

/** The policy that lets everything through. */
export const ALLOW_ALL_ALERTS: AlertPolicy = {};

/** Whether to send an alert, and why not. */
export type PolicyVerdict = { readonly send: true } | { readonly send: false; readonly reason: string };

/** Rule id patterns: lowercase ids with `*` wildcards. */
const RULE_PATTERN = /^[a-z0-9*][a-z0-9*._-]*$/;

function patternMatches(pattern: string, ruleId: string): boolean {
  if (!pattern.includes('*')) return pattern === ruleId;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\-]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(ruleId);
}

/** Whether `ruleId` matches any of `patterns`. */
export function matchesAnyRule(patterns: readonly string[], ruleId: string): boolean {
  return patterns.some((pattern) => patternMatches(pattern, ruleId));
}

/** Rank of a severity: 0 for critical, increasing; `undefined` for a severity Vigil does not know. */
function severityRank(severity: string): number | undefined {
  const rank = SEVERITIES.indexOf(severity.toLowerCase() as Severity);
  return rank < 0 ? undefined : rank;
}

/** Decides whether a channel with `policy` receives `alert`. */
export function evaluatePolicy(
  policy: AlertPolicy,
  alert: Pick<Alert, 'ruleId' | 'severity'>,
): PolicyVerdict {
  if (policy.excludeRules !== undefined && matchesAnyRule(policy.excludeRules, alert.ruleId)) {
    return { send: false, reason: `rule ${alert.ruleId} is excluded` };
  }
  if (policy.includeRules !== undefined && !matchesAnyRule(policy.includeRules, alert.ruleId)) {
    return { send: false, reason: `rule ${alert.ruleId} is not included` };
  }
  if (policy.minSeverity !== undefined) {
    const rank = severityRank(alert.severity);
    const threshold = SEVERITIES.indexOf(policy.minSeverity);
    if (rank !== undefined && rank > threshold) {
      return { send: false, reason: `severity ${alert.severity} is below ${policy.minSeverity}` };
    }
  }
  return { send: true };
}

const severityEnvSchema = z
  .string()
  .optional()
  .transform((text) => (text === undefined || text.trim() === '' ? undefined : text.trim().toLowerCase()))
  .pipe(z.enum(SEVERITIES).optional());

const rulePatternsEnvSchema = z
  .string()
  .optional()
  .transform((text) =>
    (text ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  )
  .pipe(
    z.array(z.string().regex(RULE_PATTERN, 'rule ids are lowercase letters, digits, - . _ and * wildcards')),
  )
  .transform((ids) => (ids.length === 0 ? undefined : ids));

/**
 * The alert-policy variables, ready to be merged into `VigilEnvSchema`: `ALERT_MIN_SEVERITY`
 * (`critical`…`informational`), `ALERT_RULES_INCLUDE` and `ALERT_RULES_EXCLUDE` (comma-separated ids or
 * `*` patterns) for every channel, and the same names prefixed `SLACK_` or `SNS_` to override one channel.
 */
export const AlertPolicyEnvSchema = z.object({
  ALERT_MIN_SEVERITY: severityEnvSchema,
  ALERT_RULES_INCLUDE: rulePatternsEnvSchema,
  ALERT_RULES_EXCLUDE: rulePatternsEnvSchema,
  SLACK_ALERT_MIN_SEVERITY: severityEnvSchema,
  SLACK_ALERT_RULES_INCLUDE: rulePatternsEnvSchema,
  SLACK_ALERT_RULES_EXCLUDE: rulePatternsEnvSchema,
  SNS_ALERT_MIN_SEVERITY: severityEnvSchema,
  SNS_ALERT_RULES_INCLUDE: rulePatternsEnvSchema,
  SNS_ALERT_RULES_EXCLUDE: rulePatternsEnvSchema,
});

/** The channels a policy can be set for. */
export type AlertChannelName = 'slack' | 'sns';

/** Each channel's policy. */
export type ChannelPolicies = Readonly<Record<AlertChannelName, AlertPolicy>>;

function policyOf(
  minSeverity: Severity | undefined,
  includeRules: string[] | undefined,
  excludeRules: string[] | undefined,
): AlertPolicy {
  return {
    ...(minSeverity === undefined ? {} : { minSeverity }),
    ...(includeRules === undefined ? {} : { includeRules }),
    ...(excludeRules === undefined ? {} : { excludeRules }),
  };
}

/**
 * Reads each channel's policy from the environment: a channel-prefixed variable replaces the shared one.
 * @throws AlertPolicyError naming the malformed variables.
 */
export function parseAlertPolicies(env: Readonly<Record<string, string | undefined>>): ChannelPolicies {
  const parsed = AlertPolicyEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new AlertPolicyError(`invalid alert policy: ${problems.join('; ')}`, {
      cause: parsed.error,
      context: { variables: parsed.error.issues.map((issue) => String(issue.path[0])) },
    });
  }
  const v = parsed.data;
  return {
    slack: policyOf(
      v.SLACK_ALERT_MIN_SEVERITY ?? v.ALERT_MIN_SEVERITY,
      v.SLACK_ALERT_RULES_INCLUDE ?? v.ALERT_RULES_INCLUDE,
      v.SLACK_ALERT_RULES_EXCLUDE ?? v.ALERT_RULES_EXCLUDE,
    ),
    sns: policyOf(
      v.SNS_ALERT_MIN_SEVERITY ?? v.ALERT_MIN_SEVERITY,
      v.SNS_ALERT_RULES_INCLUDE ?? v.ALERT_RULES_INCLUDE,
      v.SNS_ALERT_RULES_EXCLUDE ?? v.ALERT_RULES_EXCLUDE,
    ),
  };
}

/** Include/exclude patterns of a policy that match no rule of the catalog (likely typos). */
export function unmatchedRulePatterns(policy: AlertPolicy, ruleIds: readonly string[]): string[] {
  return [...(policy.includeRules ?? []), ...(policy.excludeRules ?? [])].filter(
    (pattern) => !ruleIds.some((id) => patternMatches(pattern, id)),
  );
}
