import {
  daysBetween,
  IAM_USER_RESOURCE_TYPE,
  type IamUserConfiguration,
  readUserCredentials,
} from '#shared/resources/iam';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Each IAM user's console password and active access keys were used within `maxCredentialUsageAge` days; a
 * credential never used counts from its creation. Reads the Vigil supplementary keys `LoginProfile`,
 * `PasswordLastUsed` and `AccessKeys` (with `LastUsedDate`); AWS Config records none of them. NOT_APPLICABLE
 * when `LoginProfile` or `AccessKeys` was not collected, and when `PasswordLastUsed` was not collected for a
 * password older than the limit (it may have been used) unless an access key already fails the user.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iam-user-unused-credentials-check.html
 */
export const iamUserUnusedCredentialsCheck = {
  id: 'iam-user-unused-credentials-check',
  title: 'IAM user passwords and access keys are not left unused',
  resourceTypes: [IAM_USER_RESOURCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    maxCredentialUsageAge: {
      type: 'number',
      default: 90,
      description: 'Maximum number of days a credential may go unused.',
    },
  },
  rationale:
    'Dormant credentials belong to people or systems that no longer need access and nobody watches them.',
  remediationAdvice:
    'Remove the unused password (`aws iam delete-login-profile --user-name <user>`) and deactivate or delete unused keys (`aws iam update-access-key --status Inactive`), or remove the user.',
  evaluate(item, { parameters, now }) {
    const user = readUserCredentials(item);
    if (user.loginProfile === undefined || user.accessKeys === undefined) {
      const missing = [
        user.loginProfile === undefined ? 'console password status' : undefined,
        user.accessKeys === undefined ? 'access keys' : undefined,
      ].filter((what) => what !== undefined);
      return notApplicable(`The ${missing.join(' and ')} of user ${user.userName} were not collected.`);
    }
    const max = parameters.maxCredentialUsageAge;
    const unused: string[] = [];
    let passwordUseUnknown = false;
    if (user.loginProfile !== null && user.passwordLastUsed === undefined) {
      // Not collected: a password younger than the limit passes whatever its use, an older one is unknown.
      passwordUseUnknown = daysBetween(user.loginProfile.createDate, now) > max;
    } else if (user.loginProfile !== null) {
      const used = user.passwordLastUsed ?? undefined;
      const days = daysBetween(used ?? user.loginProfile.createDate, now);
      if (days > max)
        unused.push(used ? `password last used ${days} days ago` : `password never used in ${days} days`);
    }
    const active = user.accessKeys.filter((key) => key.active);
    for (const key of active) {
      const days = daysBetween(key.lastUsedDate ?? key.createDate, now);
      if (days > max) {
        unused.push(
          key.lastUsedDate
            ? `key ${key.accessKeyId} last used ${days} days ago`
            : `key ${key.accessKeyId} never used in ${days} days`,
        );
      }
    }
    if (unused.length > 0) return nonCompliant(`User ${user.userName}: ${unused.join('; ')} (limit ${max}).`);
    if (passwordUseUnknown) {
      return notApplicable(
        `The last password use of user ${user.userName} was not collected; the password is older than ${max} days.`,
      );
    }
    if (user.loginProfile === null && active.length === 0) {
      return compliant(`User ${user.userName} has no console password and no active access key.`);
    }
    return compliant(`User ${user.userName} used every credential within ${max} days.`);
  },
} as const satisfies Rule<{ maxCredentialUsageAge: number }, IamUserConfiguration>;
