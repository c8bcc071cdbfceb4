import type { Rule } from '#shared/rules/rule';
import { iamPasswordPolicy } from './iam-password-policy';
import { iamRootAccessKeyCheck } from './iam-root-access-key-check';
import { rootAccountMfaEnabled } from './root-account-mfa-enabled';

/** iam rules. */
export const iamRules: readonly Rule[] = [iamRootAccessKeyCheck, rootAccountMfaEnabled, iamPasswordPolicy];
