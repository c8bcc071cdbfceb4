import type { Rule } from '#shared/rules/rule';
import { accessKeysRotated } from './access-keys-rotated';
import { iamGroupHasUsersCheck } from './iam-group-has-users-check';
import { iamNoInlinePolicyCheck } from './iam-no-inline-policy-check';
import { iamPasswordPolicy } from './iam-password-policy';
import { iamPolicyNoStatementsWithAdminAccess } from './iam-policy-no-statements-with-admin-access';
import { iamRootAccessKeyCheck } from './iam-root-access-key-check';
import { iamUserGroupMembershipCheck } from './iam-user-group-membership-check';
import { iamUserMfaEnabled } from './iam-user-mfa-enabled';
import { iamUserNoPoliciesCheck } from './iam-user-no-policies-check';
import { iamUserUnusedCredentialsCheck } from './iam-user-unused-credentials-check';
import { mfaEnabledForIamConsoleAccess } from './mfa-enabled-for-iam-console-access';
import { rootAccountMfaEnabled } from './root-account-mfa-enabled';

/** iam rules. */
export const iamRules: readonly Rule[] = [
  iamRootAccessKeyCheck,
  rootAccountMfaEnabled,
  iamPasswordPolicy,
  iamUserMfaEnabled,
  mfaEnabledForIamConsoleAccess,
  accessKeysRotated,
  iamUserUnusedCredentialsCheck,
  iamUserNoPoliciesCheck,
  iamPolicyNoStatementsWithAdminAccess,
  iamNoInlinePolicyCheck,
  iamUserGroupMembershipCheck,
  iamGroupHasUsersCheck,
];
