import { z } from 'zod';
import { RemediationError } from './errors';
import type { FlowLogDestination, RemediationSettings } from './remediation';
import { ALL_RULES_KEY, DEFAULT_SSM_PREFIX, REMEDIATION_MODES, type ToggleMap } from './toggles';

const togglesSchema = z
  .string()
  .optional()
  .transform((text, ctx): ToggleMap => {
    if (text === undefined || text.trim() === '') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'REMEDIATION_TOGGLES is not valid JSON' });
      return z.NEVER;
    }
    const shape = z.record(z.string(), z.enum(REMEDIATION_MODES)).safeParse(parsed);
    if (!shape.success) {
      ctx.addIssue({
        code: 'custom',
        message: `REMEDIATION_TOGGLES must be {"<ruleId>|${ALL_RULES_KEY}": ${REMEDIATION_MODES.map((mode) => `"${mode}"`).join('|')}}`,
      });
      return z.NEVER;
    }
    return shape.data;
  });

const flowLogDestinationSchema = z
  .string()
  .optional()
  .transform((text, ctx): FlowLogDestination | undefined => {
    const value = text?.trim() ?? '';
    if (value === '') return undefined;
    if (/^arn:aws[a-z-]*:s3:::/.test(value)) return { type: 's3', bucketArn: value };
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
    const shape = z
      .object({ logGroupName: z.string().min(1), deliverLogsRoleArn: z.string().startsWith('arn:') })
      .safeParse(parsed);
    if (!shape.success) {
      ctx.addIssue({
        code: 'custom',
        message:
          'REMEDIATION_FLOW_LOG_DESTINATION must be an S3 bucket ARN or {"logGroupName": "...", "deliverLogsRoleArn": "arn:..."}',
      });
      return z.NEVER;
    }
    return { type: 'cloud-watch-logs', ...shape.data };
  });

/** The environment variables of auto-remediation (set by the CDK construct; see docs/remediation.md). */
export const RemediationEnvSchema = z.object({
  /** Deploy-time toggles: `{"<rule-id>": "off"|"dry-run"|"approve"|"on", "*": …}`; every rule is `off` when unset. */
  REMEDIATION_TOGGLES: togglesSchema,
  /** SSM parameter path of the run-time overrides (`<prefix>/<rule-id>`, `<prefix>/all`); `none` reads none. */
  REMEDIATION_SSM_PREFIX: z.string().default(DEFAULT_SSM_PREFIX),
  /** How long a container keeps the overrides it read. */
  REMEDIATION_TOGGLE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** Remediations per rule and clock hour before the rate limit refuses more. */
  REMEDIATION_MAX_PER_HOUR: z.coerce.number().int().min(0).max(10_000).default(10),
  /** KMS key for S3 default encryption; SSE-S3 when unset. */
  REMEDIATION_S3_KMS_KEY_ID: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim())),
  /** Where created VPC flow logs go. */
  REMEDIATION_FLOW_LOG_DESTINATION: flowLogDestinationSchema,
  /** The remediation queue the evaluator sends requests to; unset turns auto-remediation off. */
  REMEDIATION_QUEUE_URL: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim())),
  /** Approve mode: hours a person has to decide on a plan, 1 to 168. */
  REMEDIATION_APPROVAL_TTL_HOURS: z.coerce.number().int().min(1).max(168).default(24),
  AWS_LAMBDA_FUNCTION_NAME: z.string().default('vigil-remediate'),
});

/** The remediation variables of the environment are malformed. */
export class RemediationConfigError extends RemediationError {
  override readonly name: string = 'RemediationConfigError';
}

/** Typed settings of auto-remediation. */
export interface RemediationConfig {
  readonly toggles: ToggleMap;
  /** `undefined` when run-time overrides are switched off (`REMEDIATION_SSM_PREFIX=none`). */
  readonly ssmPrefix: string | undefined;
  readonly toggleCacheMs: number;
  readonly maxPerHour: number;
  readonly settings: RemediationSettings;
  readonly queueUrl: string | undefined;
  readonly functionName: string;
  /** Approve mode: hours a person has to decide on a plan. */
  readonly approvalTtlHours: number;
}

/**
 * Parses the remediation variables of an environment.
 * @throws RemediationConfigError naming every variable that is malformed.
 */
export function parseRemediationConfig(env: Readonly<Record<string, string | undefined>>): RemediationConfig {
  const parsed = RemediationEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new RemediationConfigError(`invalid remediation environment: ${problems.join('; ')}`, {
      cause: parsed.error,
      context: { variables: parsed.error.issues.map((issue) => issue.path.join('.')) },
    });
  }
  const value = parsed.data;
  const prefix = value.REMEDIATION_SSM_PREFIX.trim();
  return {
    toggles: value.REMEDIATION_TOGGLES,
    ssmPrefix: prefix === '' || prefix.toLowerCase() === 'none' ? undefined : prefix,
    toggleCacheMs: value.REMEDIATION_TOGGLE_CACHE_SECONDS * 1000,
    maxPerHour: value.REMEDIATION_MAX_PER_HOUR,
    settings: {
      ...(value.REMEDIATION_S3_KMS_KEY_ID === undefined
        ? {}
        : { s3KmsKeyId: value.REMEDIATION_S3_KMS_KEY_ID }),
      ...(value.REMEDIATION_FLOW_LOG_DESTINATION === undefined
        ? {}
        : { flowLogDestination: value.REMEDIATION_FLOW_LOG_DESTINATION }),
    },
    queueUrl: value.REMEDIATION_QUEUE_URL,
    functionName: value.AWS_LAMBDA_FUNCTION_NAME,
    approvalTtlHours: value.REMEDIATION_APPROVAL_TTL_HOURS,
  };
}
