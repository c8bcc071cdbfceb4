import type { LogGroupConfiguration } from '#shared/rules/cloudwatch/cw-loggroup-retention-period-check';
import { nothingToDo, planCalls, type Remediation, refuse } from './remediation';

/**
 * The retention periods CloudWatch Logs accepts, in days.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The smallest retention CloudWatch Logs accepts that is at least `minimum` days, if any. */
export function retentionAtLeast(minimum: number): number | undefined {
  return LOG_RETENTION_DAYS.find((days) => days >= minimum);
}

/**
 * Raises the log group's retention to the smallest value CloudWatch Logs accepts that meets the rule's
 * `MinRetentionTime` (365 days by default). It only ever lengthens retention: a group that never expires
 * or already keeps events long enough is left alone, so no log event is deleted earlier than before.
 */
export const cwLoggroupRetentionPeriodCheckRemediation = {
  ruleId: 'cw-loggroup-retention-period-check',
  title: 'Raise the log group retention to the minimum retention period',
  resourceTypes: ['AWS::Logs::LogGroup'],
  permissions: ['logs:PutRetentionPolicy'],
  verification: 'immediate',
  plan(item, { parameters }) {
    const name = item.configuration?.logGroupName ?? item.resourceName ?? item.resourceId;
    const current = item.configuration?.retentionInDays;
    if (current === undefined || current === null || current === 0) {
      return nothingToDo(`Log group ${name} never expires its events.`);
    }
    if (current >= parameters.MinRetentionTime) {
      return nothingToDo(`Log group ${name} keeps events ${current} days already.`);
    }
    const days = retentionAtLeast(parameters.MinRetentionTime);
    if (days === undefined) {
      return refuse(
        `No CloudWatch Logs retention reaches ${parameters.MinRetentionTime} days; only never-expire would, and Vigil does not remove a retention policy.`,
      );
    }
    return planCalls({
      service: 'logs',
      operation: 'PutRetentionPolicy',
      input: { logGroupName: name, retentionInDays: days },
      description: `Set the retention of log group ${name} from ${current} to ${days} days`,
    });
  },
} as const satisfies Remediation<{ MinRetentionTime: number }, LogGroupConfiguration>;
