import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

/** The part of an `AWS::Logs::LogGroup` configuration item this rule reads (DescribeLogGroups shape). */
export type LogGroupConfiguration = {
  readonly logGroupName?: string;
  /** Absent (or 0 in some exports) when events never expire. */
  readonly retentionInDays?: number | null;
};

/**
 * Log groups keep events for at least the minimum retention period. As AWS documents the managed rule:
 * NON_COMPLIANT when the retention is below `MinRetentionTime` (default 365 days), and a group whose
 * retention is "Never expire" is COMPLIANT.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cw-loggroup-retention-period-check.html
 */
export const cwLoggroupRetentionPeriodCheck = {
  id: 'cw-loggroup-retention-period-check',
  title: 'CloudWatch log groups keep events for at least the minimum retention period',
  resourceTypes: ['AWS::Logs::LogGroup'],
  severity: 'medium',
  managedRule: true,
  parameters: {
    MinRetentionTime: {
      type: 'number',
      default: 365,
      description: 'Minimum number of days log events must be kept.',
    },
  },
  rationale:
    'Audit trails must survive the whole SOC 2 observation period and the investigation that follows; log groups that never expire do.',
  remediationAdvice:
    'Set the log group retention to at least the minimum (e.g. `aws logs put-retention-policy --retention-in-days 365`).',
  evaluate(item, { parameters }) {
    // DescribeLogGroups (and Config) leave retentionInDays out for a group whose events never expire.
    const retention = item.configuration?.retentionInDays;
    if (retention === undefined || retention === null || retention === 0) {
      return compliant('Log events never expire.');
    }
    if (retention < parameters.MinRetentionTime) {
      return nonCompliant(
        `Retention is ${retention} days, below the minimum of ${parameters.MinRetentionTime} days.`,
      );
    }
    return compliant(`Retention is ${retention} days (minimum ${parameters.MinRetentionTime}).`);
  },
} as const satisfies Rule<{ MinRetentionTime: number }, LogGroupConfiguration>;
