import {
  daysBetween,
  IAM_USER_RESOURCE_TYPE,
  type IamUserConfiguration,
  readUserCredentials,
} from '#shared/resources/iam';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Active access keys of each IAM user are younger than `maxAccessKeyAge` days (inactive keys are ignored).
 * Reads the Vigil supplementary key `AccessKeys` (IAM `ListAccessKeys`; AWS Config does not record access
 * keys); NOT_APPLICABLE when it was not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/access-keys-rotated.html
 */
export const accessKeysRotated = {
  id: 'access-keys-rotated',
  title: 'Active IAM access keys are rotated within the maximum age',
  resourceTypes: [IAM_USER_RESOURCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    maxAccessKeyAge: {
      type: 'number',
      default: 90,
      description: 'Maximum age in days of an active access key.',
    },
  },
  rationale:
    'Long-lived keys accumulate in scripts, laptops and CI logs; rotation bounds how long a leaked key works.',
  remediationAdvice:
    'Create a new key (`aws iam create-access-key --user-name <user>`), move its users over, then deactivate and delete the old one (`aws iam update-access-key --status Inactive`, `delete-access-key`); prefer roles.',
  evaluate(item, { parameters, now }) {
    const user = readUserCredentials(item);
    if (user.accessKeys === undefined)
      return notApplicable(`Access keys of user ${user.userName} were not collected.`);
    const active = user.accessKeys.filter((key) => key.active);
    if (active.length === 0) return compliant(`User ${user.userName} has no active access key.`);
    const max = parameters.maxAccessKeyAge;
    const stale = active
      .map((key) => ({ id: key.accessKeyId, age: daysBetween(key.createDate, now) }))
      .filter((key) => key.age > max);
    if (stale.length > 0) {
      const list = stale.map((key) => `${key.id} (${key.age} days)`).join(', ');
      return nonCompliant(`User ${user.userName} has active access keys older than ${max} days: ${list}.`);
    }
    const oldest = Math.max(...active.map((key) => daysBetween(key.createDate, now)));
    return compliant(
      `User ${user.userName}'s active access keys are at most ${oldest} days old (limit ${max}).`,
    );
  },
} as const satisfies Rule<{ maxAccessKeyAge: number }, IamUserConfiguration>;
