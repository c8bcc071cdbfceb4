import { z } from 'zod';
import { AlertPolicyEnvSchema, type ChannelPolicies, parseAlertPolicies } from './alert-policy';
import { AlertPolicyError } from './errors';

/**
 * Alerting variables beyond the policy ones, ready to be merged into `VigilEnvSchema`:
 * `SLACK_WEBHOOK_SECRET_ID` is the name or ARN of the Secrets Manager secret holding the webhook URL (the
 * URL itself never sits in the environment); unset, Slack is off.
 */
export const AlertEnvSchema = AlertPolicyEnvSchema.extend({
  SLACK_WEBHOOK_SECRET_ID: z
    .string()
    .optional()
    .transform((text) => (text === undefined || text.trim() === '' ? undefined : text.trim()))
    .refine((id) => id === undefined || !/^https?:/i.test(id), {
      message: 'must name the secret (name or ARN), not hold the webhook URL',
    }),
});

/** Typed alerting settings. */
export interface AlertConfig {
  /** Secret holding the Slack webhook URL; `undefined` when Slack is not configured. */
  readonly slackWebhookSecretId: string | undefined;
  readonly policies: ChannelPolicies;
}

/**
 * Parses the alerting settings out of an environment.
 * @throws AlertPolicyError naming each malformed variable (never echoing its value).
 */
export function parseAlertConfig(env: Readonly<Record<string, string | undefined>>): AlertConfig {
  const parsed = AlertEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new AlertPolicyError(`invalid alert settings: ${problems.join('; ')}`, {
      context: { variables: parsed.error.issues.map((issue) => String(issue.path[0])) },
    });
  }
  return { slackWebhookSecretId: parsed.data.SLACK_WEBHOOK_SECRET_ID, policies: parseAlertPolicies(env) };
}

let cached: AlertConfig | undefined;

/** The alerting settings of this container, parsed from `process.env` on first use. */
export function loadAlertConfig(): AlertConfig {
  cached ??= parseAlertConfig(process.env);
  return cached;
}
