import { z } from 'zod';

/** The longest settle period: SQS delays a message at most 15 minutes (`DelaySeconds` ≤ 900). */
export const MAX_SETTLE_SECONDS = 900;

/** The settle period when `SETTLE_SECONDS` is unset: long enough for Terraform or CloudFormation to finish a resource. */
export const DEFAULT_SETTLE_SECONDS = 90;

/**
 * Seconds after which an event that finds its resource's window still open although it was due re-sends the
 * window's delayed describe (the first send was lost, or its message is stuck behind failures).
 */
export const SETTLE_RESEND_AFTER_SECONDS = 300;

/** How long CloudTrail-triggered describes wait for a resource to settle, by default and per resource type. */
export interface SettleSettings {
  /** Seconds every type waits (0: described at once). */
  readonly defaultSeconds: number;
  /** Per Config resource type, seconds that replace the default (0 turns settling off for the type). */
  readonly byType: Readonly<Record<string, number>>;
}

/**
 * The settle period of `SETTLE_SECONDS`: whole seconds from 0 (off) to {@link MAX_SETTLE_SECONDS}; unset or
 * empty, {@link DEFAULT_SETTLE_SECONDS}.
 */
export const SettleSecondsSchema = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.coerce
    .number({ message: 'SETTLE_SECONDS must be a whole number of seconds' })
    .int('SETTLE_SECONDS must be a whole number of seconds')
    .min(0, 'SETTLE_SECONDS must be 0 (off) or more')
    .max(
      MAX_SETTLE_SECONDS,
      `SETTLE_SECONDS is at most ${MAX_SETTLE_SECONDS} (the longest SQS message delay)`,
    )
    .default(DEFAULT_SETTLE_SECONDS),
);

const seconds = z.number().int().min(0).max(MAX_SETTLE_SECONDS);

/** `SETTLE_SECONDS_BY_TYPE`: a JSON object of Config resource type to seconds (`{"AWS::S3::Bucket": 120}`). */
export const SettleSecondsByTypeSchema = z
  .string()
  .optional()
  .transform((text, ctx): Record<string, number> => {
    if (text === undefined || text.trim() === '') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'SETTLE_SECONDS_BY_TYPE is not valid JSON' });
      return z.NEVER;
    }
    const shape = z.record(z.string().regex(/^AWS::\w*::\w+$/), seconds).safeParse(parsed);
    if (!shape.success) {
      const issue = shape.error.issues[0];
      ctx.addIssue({
        code: 'custom',
        message:
          `SETTLE_SECONDS_BY_TYPE must be {"<AWS::Service::Type>": <0..${MAX_SETTLE_SECONDS} seconds>}` +
          (issue === undefined ? '' : ` (${issue.path.join('.') || 'value'}: ${issue.message})`),
      });
      return z.NEVER;
    }
    return shape.data;
  });

/** The settle period of a resource type (its override, else the default). */
export function settleSecondsFor(settings: SettleSettings, resourceType: string): number {
  return settings.byType[resourceType] ?? settings.defaultSeconds;
}
