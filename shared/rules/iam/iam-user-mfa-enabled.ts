import {
  IAM_USER_RESOURCE_TYPE,
  type IamUserConfiguration,
  readUserCredentials,
} from '#shared/resources/iam';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Every IAM user has an MFA device, whether or not it has a console password. Reads the Vigil supplementary
 * key `MfaDevices` (IAM `ListMFADevices`; AWS Config does not record MFA devices); NOT_APPLICABLE when it was
 * not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iam-user-mfa-enabled.html
 */
export const iamUserMfaEnabled = {
  id: 'iam-user-mfa-enabled',
  title: 'IAM users have MFA enabled',
  resourceTypes: [IAM_USER_RESOURCE_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {},
  rationale: 'A second factor keeps a phished or reused password from being enough to act as the user.',
  remediationAdvice:
    'Assign an MFA device in the IAM console (Users → user → Security credentials → Assign MFA device), or remove the user if it is no longer needed.',
  evaluate(item) {
    const user = readUserCredentials(item);
    if (user.mfaDevices === undefined)
      return notApplicable(`MFA devices of user ${user.userName} were not collected.`);
    const [first] = user.mfaDevices;
    return first
      ? compliant(`User ${user.userName} has MFA device ${first.serialNumber}.`)
      : nonCompliant(`User ${user.userName} has no MFA device.`);
  },
} as const satisfies Rule<Record<string, never>, IamUserConfiguration>;
