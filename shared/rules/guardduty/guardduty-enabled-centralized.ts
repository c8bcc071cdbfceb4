import type { AccountConfiguration } from '#shared/resources/account';
import { ACCOUNT_RESOURCE_TYPE, compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * GuardDuty is enabled in the account's region, read from the account item's `guardDutyDetectors`. With
 * `CentralMonitoringAccount`, an account that is not itself one of those accounts must also send its findings
 * to one of them: its detector's administrator (`GetAdministratorAccount`) is listed and the membership is
 * `Enabled`. Detectors that were not collected make the rule NOT_APPLICABLE, and so does an enabled detector
 * whose administrator was not collected when no detector is known to report centrally.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/guardduty-enabled-centralized.html
 */
export const guarddutyEnabledCentralized = {
  id: 'guardduty-enabled-centralized',
  title: 'GuardDuty is enabled and reports to the central monitoring account',
  resourceTypes: [ACCOUNT_RESOURCE_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {
    CentralMonitoringAccount: {
      type: 'string-list',
      default: [],
      description:
        'Comma-separated 12-digit accounts GuardDuty findings may be centralized in (empty: not checked).',
    },
  },
  rationale:
    'Continuous threat detection is how compromised credentials and unusual activity get noticed and investigated.',
  remediationAdvice:
    'Enable GuardDuty in every region (`aws guardduty create-detector --enable`) and accept the invitation of, or get enrolled by, the delegated administrator account.',
  evaluate(item, { parameters }) {
    const detectors = item.configuration?.guardDutyDetectors;
    if (detectors === undefined) {
      return notApplicable(`GuardDuty detectors were not collected for ${item.region}.`);
    }
    const enabled = detectors.filter((detector) => detector.status === 'ENABLED');
    if (detectors.length === 0) return nonCompliant(`GuardDuty has no detector in ${item.region}.`);
    if (enabled.length === 0) {
      const ids = detectors.map((detector) => detector.detectorId).join(', ');
      return nonCompliant(`GuardDuty detector ${ids} in ${item.region} is disabled.`);
    }
    const central = parameters.CentralMonitoringAccount;
    if (central.length === 0 || central.includes(item.accountId)) {
      const role = central.length === 0 ? '' : ' (this is a central monitoring account)';
      return compliant(`GuardDuty detector ${enabled[0]?.detectorId} is enabled in ${item.region}${role}.`);
    }
    const reporting = enabled.find(
      (detector) =>
        detector.administrator != null &&
        central.includes(detector.administrator.accountId) &&
        detector.administrator.relationshipStatus.toLowerCase() === 'enabled',
    );
    if (reporting?.administrator) {
      return compliant(
        `GuardDuty detector ${reporting.detectorId} in ${item.region} reports to ${reporting.administrator.accountId}.`,
      );
    }
    const uncollected = enabled.filter((detector) => detector.administrator === undefined);
    if (uncollected.length > 0) {
      return notApplicable(
        `The administrator account of GuardDuty detector ${uncollected.map((detector) => detector.detectorId).join(', ')} in ${item.region} was not collected.`,
      );
    }
    const administrator = enabled.find((detector) => detector.administrator != null)?.administrator;
    const actual = administrator
      ? `administrator ${administrator.accountId} (${administrator.relationshipStatus})`
      : 'no administrator account';
    return nonCompliant(`GuardDuty in ${item.region} has ${actual}, not one of ${central.join(', ')}.`);
  },
} as const satisfies Rule<{ CentralMonitoringAccount: readonly string[] }, AccountConfiguration>;
