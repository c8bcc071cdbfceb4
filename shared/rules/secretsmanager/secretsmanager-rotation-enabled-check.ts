import type { SecretConfiguration } from '#shared/resources/secretsmanager';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';
import {
  formatMinutes,
  longestIntervalMinutes,
  parseScheduleExpression,
  ScheduleExpressionError,
} from '#shared/schedules/schedule-expression';

type Parameters = { maximumAllowedRotationFrequency: number; maximumAllowedRotationFrequencyInHours: number };

const DAY_MINUTES = 1440;

/** Why a rotation interval is unknown when the item records none (not collected, not a failure). */
const NO_INTERVAL = 'no rotation interval is recorded';

/** The longest time between rotations in minutes, or a reason it cannot be known. */
function rotationInterval(configuration: SecretConfiguration, now: Date): number | string {
  const rules = configuration.RotationRules;
  const expression = rules?.ScheduleExpression ?? rules?.RotationScheduleExpression;
  if (expression) {
    try {
      return (
        longestIntervalMinutes(parseScheduleExpression(expression), now) ??
        `schedule ${expression} does not recur`
      );
    } catch (error) {
      if (error instanceof ScheduleExpressionError) return `schedule ${expression} cannot be read`;
      throw error;
    }
  }
  const days = rules?.AutomaticallyAfterDays;
  if (typeof days === 'number' && days > 0) return days * DAY_MINUTES;
  return NO_INTERVAL;
}

/**
 * Secrets Manager secrets rotate automatically (`RotationEnabled`). With
 * `maximumAllowedRotationFrequency` (days) and/or `maximumAllowedRotationFrequencyInHours`, the longest
 * time between two scheduled rotations must not exceed it; the interval comes from
 * `RotationRules.AutomaticallyAfterDays` or, when set, the rotation schedule (`rate(...)`, or the worst
 * gap of a `cron(...)`). A schedule that cannot be read fails a set maximum; an interval that was not
 * recorded leaves it NOT_APPLICABLE. 0 (the default) means no maximum. Secrets marked deleted are
 * NOT_APPLICABLE. DescribeSecret leaves `RotationEnabled` out for a secret never set to rotate, so a
 * missing flag fails.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-rotation-enabled-check.html
 */
export const secretsmanagerRotationEnabledCheck = {
  id: 'secretsmanager-rotation-enabled-check',
  title: 'Secrets Manager secrets rotate automatically',
  resourceTypes: ['AWS::SecretsManager::Secret'],
  severity: 'medium',
  managedRule: true,
  parameters: {
    maximumAllowedRotationFrequency: {
      type: 'number',
      default: 0,
      description: 'Optional: longest allowed time between rotations, in days (0 = no maximum).',
    },
    maximumAllowedRotationFrequencyInHours: {
      type: 'number',
      default: 0,
      description: 'Optional: longest allowed time between rotations, in hours (0 = no maximum).',
    },
  },
  rationale: 'Rotating credentials limits how long a leaked secret stays usable.',
  remediationAdvice:
    'Turn on automatic rotation with a rotation function and schedule (secret > Rotation > Edit rotation, or ' +
    '`aws secretsmanager rotate-secret --secret-id <id> --rotation-rules AutomaticallyAfterDays=30`).',
  evaluate(item, { parameters, now }) {
    const secret = item.configuration ?? {};
    const name = secret.Name ?? item.resourceName ?? item.resourceId;
    if (secret.Deleted === true) return notApplicable(`Secret ${name} is scheduled for deletion.`);
    if (secret.RotationEnabled !== true) return nonCompliant(`Secret ${name} does not rotate automatically.`);
    const limits = [
      parameters.maximumAllowedRotationFrequency * DAY_MINUTES,
      parameters.maximumAllowedRotationFrequencyInHours * 60,
    ].filter((limit) => limit > 0);
    const interval = rotationInterval(secret, now);
    if (typeof interval === 'string') {
      if (limits.length === 0) return compliant(`Secret ${name} rotates automatically.`);
      return interval === NO_INTERVAL
        ? notApplicable(`Secret ${name} rotates automatically, but ${interval}.`)
        : nonCompliant(`Secret ${name} rotates automatically, but ${interval}.`);
    }
    const maximum = Math.min(...limits);
    if (limits.length > 0 && interval > maximum) {
      return nonCompliant(
        `Secret ${name} rotates only every ${formatMinutes(interval)}, more than the maximum of ${formatMinutes(maximum)}.`,
      );
    }
    return compliant(`Secret ${name} rotates automatically every ${formatMinutes(interval)}.`);
  },
} as const satisfies Rule<Parameters, SecretConfiguration>;
