import type { AccountConfiguration } from '#shared/resources/account';
import { ACCOUNT_RESOURCE_TYPE, compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Security Hub is enabled in the account's region, read from the account item's `securityHub`
 * (`DescribeHub`); NOT_APPLICABLE when it was not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/securityhub-enabled.html
 */
export const securityhubEnabled = {
  id: 'securityhub-enabled',
  title: 'Security Hub is enabled',
  resourceTypes: [ACCOUNT_RESOURCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Security Hub aggregates findings and runs security standards continuously, evidencing that the environment is monitored.',
  remediationAdvice:
    'Enable Security Hub in the region (`aws securityhub enable-security-hub --enable-default-standards`) or through the delegated administrator.',
  evaluate(item) {
    const hub = item.configuration?.securityHub;
    if (hub === undefined) return notApplicable(`Security Hub status was not collected for ${item.region}.`);
    if (!hub.enabled) return nonCompliant(`Security Hub is not enabled in ${item.region}.`);
    return compliant(`Security Hub is enabled in ${item.region}${hub.hubArn ? ` (${hub.hubArn})` : ''}.`);
  },
} as const satisfies Rule<Record<string, never>, AccountConfiguration>;
