import {
  IAM_USER_RESOURCE_TYPE,
  type IamUserConfiguration,
  readUserCredentials,
} from '#shared/resources/iam';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * IAM users that can sign in to the console with a password have an MFA device. Reads the Vigil supplementary
 * keys `LoginProfile` (IAM `GetLoginProfile`, `null` without password) and `MfaDevices` (`ListMFADevices`).
 * A user without a console password is NOT_APPLICABLE (the rule only concerns console users), as is a user
 * whose keys were not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/mfa-enabled-for-iam-console-access.html
 */
export const mfaEnabledForIamConsoleAccess = {
  id: 'mfa-enabled-for-iam-console-access',
  title: 'IAM users with a console password have MFA enabled',
  resourceTypes: [IAM_USER_RESOURCE_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {},
  rationale:
    'Console passwords are phished and reused; MFA is what keeps one leaked password from being a breach.',
  remediationAdvice:
    'Assign an MFA device to the user (IAM console → Users → Security credentials → Assign MFA device), or remove the console password with `aws iam delete-login-profile --user-name <user>`.',
  evaluate(item) {
    const user = readUserCredentials(item);
    if (user.loginProfile === undefined) {
      return notApplicable(`Console password status of user ${user.userName} was not collected.`);
    }
    if (user.loginProfile === null) return notApplicable(`User ${user.userName} has no console password.`);
    if (user.mfaDevices === undefined)
      return notApplicable(`MFA devices of user ${user.userName} were not collected.`);
    return user.mfaDevices.length > 0
      ? compliant(`Console user ${user.userName} has MFA enabled.`)
      : nonCompliant(
          `User ${user.userName} can sign in to the console with a password and has no MFA device.`,
        );
  },
} as const satisfies Rule<Record<string, never>, IamUserConfiguration>;
