import type { AccountConfiguration } from '#shared/resources/account';
import { ACCOUNT_RESOURCE_TYPE, compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * The root user has no access keys, read from the account item's `accountSummary.AccountAccessKeysPresent`
 * (IAM `GetAccountSummary`); NOT_APPLICABLE when the summary was not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iam-root-access-key-check.html
 */
export const iamRootAccessKeyCheck = {
  id: 'iam-root-access-key-check',
  title: 'The root user has no access keys',
  resourceTypes: [ACCOUNT_RESOURCE_TYPE],
  severity: 'critical',
  managedRule: true,
  parameters: {},
  rationale: 'A leaked root access key gives unrestricted, unattributable control of the whole account.',
  remediationAdvice:
    'Sign in as root, open Security credentials, and delete every access key; use IAM roles for programmatic access.',
  evaluate(item) {
    const present = item.configuration?.accountSummary?.AccountAccessKeysPresent;
    if (present === undefined) return notApplicable('The IAM account summary was not collected.');
    return present > 0
      ? nonCompliant(`The root user has access keys (AccountAccessKeysPresent = ${present}).`)
      : compliant('The root user has no access keys.');
  },
} as const satisfies Rule<Record<string, never>, AccountConfiguration>;
