import { daysBetween } from '#shared/resources/iam';
import {
  SECRET_RESOURCE_TYPE,
  type SecretConfiguration,
  secretDate,
  secretName,
} from '#shared/resources/secretsmanager';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Secrets Manager secrets changed (rotated) within the last `maxDaysSinceRotation` days (default 90).
 * The age counts from `LastRotatedDate`, or from the secret's creation when it never rotated (the page's
 * "Maximum number of days in which a secret can remain unchanged"). Dates not collected leave the secret
 * NOT_APPLICABLE; secrets marked deleted are NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-secret-periodic-rotation.html
 */
export const secretsmanagerSecretPeriodicRotation = {
  id: 'secretsmanager-secret-periodic-rotation',
  title: 'Secrets Manager secrets were rotated within the last 90 days',
  resourceTypes: [SECRET_RESOURCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    maxDaysSinceRotation: {
      type: 'number',
      default: 90,
      description: 'Maximum number of days a secret may remain unrotated.',
    },
  },
  rationale:
    'A secret unchanged for months has had that long to leak through logs, laptops and former staff, and is still valid.',
  remediationAdvice:
    'Rotate the secret now (`aws secretsmanager rotate-secret --secret-id <id>`) and turn on automatic rotation so it never ages past the limit again.',
  evaluate(item, { parameters, now }) {
    const name = secretName(item);
    if (item.configuration?.Deleted === true)
      return notApplicable(`Secret ${name} is scheduled for deletion.`);
    const rotated = secretDate(item, 'LastRotatedDate');
    if (rotated === undefined) return notApplicable(`The last rotation of secret ${name} was not recorded.`);
    const since = rotated ?? secretDate(item, 'CreatedDate');
    if (since === null || since === undefined) {
      return notApplicable(`Secret ${name} never rotated and its creation date was not recorded.`);
    }
    const days = daysBetween(since, now);
    const what = rotated === null ? 'was created' : 'last rotated';
    if (days > parameters.maxDaysSinceRotation) {
      return nonCompliant(
        `Secret ${name} ${what} ${days} days ago, more than the maximum of ${parameters.maxDaysSinceRotation}.`,
      );
    }
    return compliant(`Secret ${name} ${what} ${days} days ago.`);
  },
} as const satisfies Rule<{ maxDaysSinceRotation: number }, SecretConfiguration>;
