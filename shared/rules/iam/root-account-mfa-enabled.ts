import type { AccountConfiguration } from '#shared/resources/account';
import { ACCOUNT_RESOURCE_TYPE, compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * The root user signs in with MFA, read from the account item's `accountSummary.AccountMFAEnabled`
 * (IAM `GetAccountSummary`); NOT_APPLICABLE when the summary was not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/root-account-mfa-enabled.html
 */
export const rootAccountMfaEnabled = {
  id: 'root-account-mfa-enabled',
  title: 'The root user has MFA enabled',
  resourceTypes: [ACCOUNT_RESOURCE_TYPE],
  severity: 'critical',
  managedRule: true,
  parameters: {},
  rationale:
    'The root user cannot be restricted by IAM policies; a password alone is too weak a guard for it.',
  remediationAdvice:
    'Sign in as root, open Security credentials, and assign an MFA device (a hardware key or passkey is preferred).',
  evaluate(item) {
    const enabled = item.configuration?.accountSummary?.AccountMFAEnabled;
    if (enabled === undefined) return notApplicable('The IAM account summary was not collected.');
    return enabled === 1
      ? compliant('The root user has MFA enabled.')
      : nonCompliant('The root user has no MFA device (AccountMFAEnabled = 0).');
  },
} as const satisfies Rule<Record<string, never>, AccountConfiguration>;
