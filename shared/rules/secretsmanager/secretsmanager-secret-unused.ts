import { daysBetween } from '#shared/resources/iam';
import {
  SECRET_RESOURCE_TYPE,
  type SecretConfiguration,
  secretDate,
  secretName,
} from '#shared/resources/secretsmanager';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Secrets Manager secrets were accessed within the last `unusedForDays` days (default 90). Secrets
 * Manager records the last access as a date (midnight UTC), so the age is counted in whole days from it;
 * a secret never accessed ages from its creation. Dates not collected leave the secret NOT_APPLICABLE;
 * secrets marked deleted are NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-secret-unused.html
 */
export const secretsmanagerSecretUnused = {
  id: 'secretsmanager-secret-unused',
  title: 'Secrets Manager secrets were accessed within the last 90 days',
  resourceTypes: [SECRET_RESOURCE_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {
    unusedForDays: {
      type: 'number',
      default: 90,
      description: 'The number of days a secret may remain unused.',
    },
  },
  rationale:
    'An unused secret still grants access to whoever can read it; deleting it revokes that access and shrinks what can leak.',
  remediationAdvice:
    'Confirm nothing depends on the secret (CloudTrail GetSecretValue calls), then delete it with a recovery window: `aws secretsmanager delete-secret --secret-id <id> --recovery-window-in-days 30`.',
  evaluate(item, { parameters, now }) {
    const name = secretName(item);
    if (item.configuration?.Deleted === true)
      return notApplicable(`Secret ${name} is scheduled for deletion.`);
    const accessed = secretDate(item, 'LastAccessedDate');
    if (accessed === undefined) return notApplicable(`The last access of secret ${name} was not recorded.`);
    const since = accessed ?? secretDate(item, 'CreatedDate');
    if (since === null || since === undefined) {
      return notApplicable(`Secret ${name} was never accessed and its creation date was not recorded.`);
    }
    const days = daysBetween(since, now);
    const what = accessed === null ? 'was created' : 'was last accessed';
    if (days > parameters.unusedForDays) {
      return nonCompliant(
        `Secret ${name} ${what} ${days} days ago${accessed === null ? ' and never accessed' : ''}, more than ${parameters.unusedForDays}.`,
      );
    }
    return compliant(`Secret ${name} ${what} ${days} days ago.`);
  },
} as const satisfies Rule<{ unusedForDays: number }, SecretConfiguration>;
