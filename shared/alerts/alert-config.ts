import { z } from 'zod';
import { AlertPolicyEnvSchema, type ChannelPolicies, parseAlertPolicies } from './alert-policy';
import { AlertPolicyError } from './errors';

/** A Security Hub default-product ARN, the product an account imports its own findings under. */
const SECURITY_HUB_PRODUCT_ARN_PATTERN = /^arn:[a-z-]+:securityhub:[a-z0-9-]+:(\d{12}):product\/\1\/default$/;

/**
 * Alerting variables beyond the policy ones, ready to be merged into `VigilEnvSchema`:
 * `SLACK_WEBHOOK_SECRET_ID` is the name or ARN of the Secrets Manager secret holding the webhook URL (the
 * URL itself never sits in the environment); unset, Slack is off. `SECURITY_HUB` (`on`/`off`, default off)
 * turns on the Security Hub channel, which imports under `SECURITY_HUB_PRODUCT_ARN`.
 */
export const AlertEnvSchema = AlertPolicyEnvSchema.extend({
  SLACK_WEBHOOK_SECRET_ID: z
    .string()
    .optional()
    .transform((text) => (text === undefined || text.trim() === '' ? undefined : text.trim()))
    .refine((id) => id === undefined || !/^https?:/i.test(id), {
      message: 'must name the secret (name or ARN), not hold the webhook URL',
    }),
  SECURITY_HUB: z
    .string()
    .optional()
    .transform((text) => (text === undefined || text.trim() === '' ? 'off' : text.trim().toLowerCase()))
    .pipe(z.enum(['on', 'off'])),
  SECURITY_HUB_PRODUCT_ARN: z
    .string()
    .optional()
    .transform((text) => (text === undefined || text.trim() === '' ? undefined : text.trim()))
    .refine((arn) => arn === undefined || SECURITY_HUB_PRODUCT_ARN_PATTERN.test(arn), {
      message: 'must be arn:<partition>:securityhub:<region>:<account>:product/<account>/default',
    }),
}).refine((env) => env.SECURITY_HUB === 'off' || env.SECURITY_HUB_PRODUCT_ARN !== undefined, {
  message: 'required with SECURITY_HUB=on',
  path: ['SECURITY_HUB_PRODUCT_ARN'],
});

/** Typed alerting settings. */
export interface AlertConfig {
  /** Secret holding the Slack webhook URL; `undefined` when Slack is not configured. */
  readonly slackWebhookSecretId: string | undefined;
  readonly policies: ChannelPolicies;
  /**
   * Security Hub channel (`SECURITY_HUB=on`): the default-product ARN findings are imported under
   * (`SECURITY_HUB_PRODUCT_ARN`); `undefined` when off.
   */
  readonly securityHubProductArn: string | undefined;
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
  return {
    slackWebhookSecretId: parsed.data.SLACK_WEBHOOK_SECRET_ID,
    policies: parseAlertPolicies(env),
    securityHubProductArn:
      parsed.data.SECURITY_HUB === 'on' ? parsed.data.SECURITY_HUB_PRODUCT_ARN : undefined,
  };
}

let cached: AlertConfig | undefined;

/** The alerting settings of this container, parsed from `process.env` on first use. */
export function loadAlertConfig(): AlertConfig {
  cached ??= parseAlertConfig(process.env);
  return cached;
}
