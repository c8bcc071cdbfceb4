import type { Node } from 'constructs';
import { z } from 'zod';
import { REMEDIATION_MODES } from '#shared/remediations/toggles';
import { InfraConfigError } from './errors';

const booleanSchema = z.union([z.boolean(), z.enum(['true', 'false']).transform((text) => text === 'true')]);

// `cdk -c key=value` passes strings; cdk.json passes JSON values. Accept both.
const positiveIntegerSchema = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^\d+$/)
    .transform((text) => Number(text)),
]);

// Settle periods: whole seconds from 0 (off); the construct checks the 900 s ceiling with a clear message.
const secondsSchema = z.union([
  z.number().int().min(0),
  z
    .string()
    .regex(/^\d+$/)
    .transform((text) => Number(text)),
]);

const settleSecondsByTypeSchema = z.union([
  z.record(z.string(), z.number().int().min(0)),
  z.string().transform((text, ctx) => {
    try {
      return z.record(z.string(), z.number().int().min(0)).parse(JSON.parse(text));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object {"<AWS::Service::Type>": seconds}' });
      return z.NEVER;
    }
  }),
]);

const ruleParametersSchema = z.union([
  z.record(
    z.string(),
    z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
  ),
  z.string().transform((text, ctx) => {
    try {
      return z.record(z.string(), z.record(z.string(), z.unknown())).parse(JSON.parse(text));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object {"<ruleId>": {"<parameter>": value}}' });
      return z.NEVER;
    }
  }),
]);

const remediationModeSchema = z.enum(REMEDIATION_MODES);

const remediationModesSchema = z.union([
  z.record(z.string(), remediationModeSchema),
  z.string().transform((text, ctx) => {
    try {
      return z.record(z.string(), remediationModeSchema).parse(JSON.parse(text));
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `must be a JSON object {"<ruleId>": ${REMEDIATION_MODES.map((mode) => `"${mode}"`).join(' | ')}}`,
      });
      return z.NEVER;
    }
  }),
]);

const approverListsSchema = z.record(z.string(), z.array(z.string()));

// {"<ruleId>"|"*": ["<Slack user id>", "<IAM ARN>"]} as an object or JSON string; entries are checked by the
// construct (approversJsonOf), which names the wrong one.
const remediationApproversSchema = z.union([
  approverListsSchema,
  z.string().transform((text, ctx) => {
    try {
      return approverListsSchema.parse(JSON.parse(text));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object {"<ruleId>"|"*": ["<approver>", …]}' });
      return z.NEVER;
    }
  }),
]);

const scheduleSchema = z.string().regex(/^(rate|cron)\(.+\)$/, 'must be rate(...) or cron(...)');

const roleNameSchema = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name');

/** A list from cdk.json (an array) or `-c key=a,b` (a comma-separated string), each item matching `item`. */
function listSchema(item: RegExp, expected: string) {
  return z
    .union([z.array(z.string()), z.string().transform((text) => text.split(','))])
    .transform((values) => values.map((value) => value.trim()).filter((value) => value !== ''))
    .refine((values) => values.every((value) => item.test(value)), `must be ${expected}`);
}

// An S3 bucket ARN, or {"logGroupName": "...", "deliverLogsRoleArn": "arn:..."} (object or JSON string).
const flowLogDestinationObjectSchema = z.union([
  z.object({ bucketArn: z.string().regex(/^arn:aws[a-z-]*:s3:::[a-z0-9.-]+$/) }),
  z.object({
    logGroupName: z.string().min(1),
    deliverLogsRoleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/),
  }),
]);
const flowLogDestinationSchema = z.union([
  flowLogDestinationObjectSchema,
  z
    .string()
    .regex(/^arn:aws[a-z-]*:s3:::[a-z0-9.-]+$/)
    .transform((bucketArn) => ({ bucketArn })),
  z.string().transform((text, ctx) => {
    try {
      return flowLogDestinationObjectSchema.parse(JSON.parse(text));
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an S3 bucket ARN or {"logGroupName": "...", "deliverLogsRoleArn": "arn:..."}',
      });
      return z.NEVER;
    }
  }),
]);

/** The CDK context keys Vigil reads (`cdk synth -c key=value` or the `context` of cdk.json). */
export const VigilContextSchema = z.object({
  stackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/)
    .default('Vigil'),
  evidenceRetentionDays: positiveIntegerSchema.optional(),
  alertEmail: z.string().optional(),
  sweepSchedule: z
    .string()
    .regex(/^(rate|cron)\(.+\)$/)
    .optional(),
  ruleParameters: ruleParametersSchema.optional(),
  enabledRules: z.union([z.string(), z.array(z.string())]).optional(),
  customRules: z.string().min(1).optional(),
  breakGlassRoleArn: z.string().optional(),
  logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT']).optional(),
  configRule: booleanSchema.optional(),
  securityHub: booleanSchema.optional(),
  evaluatorReservedConcurrency: positiveIntegerSchema.optional(),
  settleSeconds: secondsSchema.optional(),
  settleSecondsByType: settleSecondsByTypeSchema.optional(),
  accessLogBucketObjectLock: booleanSchema.optional(),
  maxReceiveCount: positiveIntegerSchema.optional(),
  alertMinSeverity: z.enum(['', 'critical', 'high', 'medium', 'low', 'informational']).optional(),
  slackWebhookSecret: z
    .string()
    .refine((text) => !/^https?:/i.test(text), 'name the Secrets Manager secret, not the webhook URL')
    .optional(),
  remediationModes: remediationModesSchema.optional(),
  slackSigningSecret: z
    .string()
    .refine((text) => !/^https?:/i.test(text), 'name the Secrets Manager secret, not a URL')
    .optional(),
  remediationApprovers: remediationApproversSchema.optional(),
  remediationApprovalTtlHours: positiveIntegerSchema
    .refine((hours) => hours <= 168, 'must be at most 168 hours')
    .optional(),
  parameterNamespace: z.string().optional(),
  inventorySource: z.enum(['config', 'describe', 'aggregator']).optional(),
  remediationFlowLogDestination: flowLogDestinationSchema.optional(),
  remediationS3KmsKeyId: z.string().min(1).optional(),
  dailyDigestSchedule: scheduleSchema.optional(),
  exportSchedule: scheduleSchema.optional(),
  // `-c exportFrameworks=soc2,pci` arrives as one string; cdk.json may hold a list.
  exportFrameworks: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .transform((value) => (typeof value === 'string' ? value.split(',') : value))
    .optional(),
  sweepWorkerConcurrency: positiveIntegerSchema.optional(),
  // Organization mode (the VigilCentral and VigilMember stacks; docs/deploy.md, Organization).
  organizationId: z
    .string()
    .regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id like o-a1b2c3d4e5')
    .optional(),
  memberExternalId: z
    .string()
    .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2 to 1,224 characters of [\\w+=,.@:/-]')
    .optional(),
  memberRegions: listSchema(/^[a-z]{2}(-[a-z]+)+-\d$/, 'region names, the home region first').optional(),
  memberAccounts: listSchema(/^\d{12}$/, '12-digit account ids').optional(),
  memberRoleName: roleNameSchema.optional(),
  memberRemediationRoleName: roleNameSchema.optional(),
  configAggregatorName: z
    .string()
    .regex(/^[\w-]{1,256}$/)
    .optional(),
  centralStackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/)
    .default('VigilCentral'),
  memberStackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/)
    .default('VigilMember'),
});

/** Deployment settings read from CDK context; they also become the defaults of the stack's parameters. */
export type VigilSettings = z.output<typeof VigilContextSchema>;

/**
 * Reads Vigil's settings from the CDK context of `node` (usually the app's).
 * @throws InfraConfigError naming every malformed key.
 */
export function readSettings(node: Node): VigilSettings {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(VigilContextSchema.shape)) {
    const value: unknown = node.tryGetContext(key);
    if (value !== undefined) raw[key] = value;
  }
  const parsed = VigilContextSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new InfraConfigError(`invalid CDK context: ${problems.join('; ')}`, {
      cause: parsed.error,
      context: { keys: parsed.error.issues.map((issue) => issue.path.join('.')) },
    });
  }
  return parsed.data;
}
