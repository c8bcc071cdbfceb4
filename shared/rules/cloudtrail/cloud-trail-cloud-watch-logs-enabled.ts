import { readTrail, TRAIL_RESOURCE_TYPE, type TrailConfiguration } from '#shared/resources/cloudtrail';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

const HOUR_MS = 3_600_000;

/**
 * Trails send their events to a CloudWatch Logs log group. With `expectedDeliveryWindowAge` (hours; 0 = not
 * checked, the managed rule's "not set"), the latest delivery (Vigil supplementary key
 * `TrailStatus.LatestCloudWatchLogsDeliveryTime`, from `GetTrailStatus`) must also be that recent; a trail
 * that never delivered then fails; one whose status was not collected is NOT_APPLICABLE. A trail without
 * `cloudWatchLogsLogGroupArn` fails: DescribeTrails leaves it out (Config writes null) when none is set.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cloud-trail-cloud-watch-logs-enabled.html
 */
export const cloudTrailCloudWatchLogsEnabled = {
  id: 'cloud-trail-cloud-watch-logs-enabled',
  title: 'CloudTrail trails send events to CloudWatch Logs',
  resourceTypes: [TRAIL_RESOURCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    expectedDeliveryWindowAge: {
      type: 'number',
      default: 0,
      description: 'Maximum age in hours of the latest delivery to CloudWatch Logs (0: not checked).',
    },
  },
  rationale:
    'Events in CloudWatch Logs can drive metric filters and alarms, so suspicious API activity is noticed in time.',
  remediationAdvice:
    'Send the trail to a log group: `aws cloudtrail update-trail --name <trail> --cloud-watch-logs-log-group-arn <log-group-arn> --cloud-watch-logs-role-arn <role-arn>`.',
  evaluate(item, { parameters, now }) {
    const trail = readTrail(item);
    if (!trail.cloudWatchLogsLogGroupArn) {
      return nonCompliant(`Trail ${trail.name} does not send events to CloudWatch Logs.`);
    }
    const window = parameters.expectedDeliveryWindowAge;
    if (window > 0) {
      if (!trail.statusCollected) {
        return notApplicable(
          `The delivery status of trail ${trail.name} (GetTrailStatus) was not collected; the ${window}-hour delivery window cannot be judged.`,
        );
      }
      const delivered = trail.latestCloudWatchLogsDelivery;
      const deliveredAt = delivered === undefined ? Number.NaN : Date.parse(delivered);
      if (Number.isNaN(deliveredAt)) {
        return nonCompliant(`Trail ${trail.name} has never delivered to CloudWatch Logs.`);
      }
      const ageHours = (now.getTime() - deliveredAt) / HOUR_MS;
      if (ageHours > window) {
        return nonCompliant(
          `Trail ${trail.name} last delivered to CloudWatch Logs ${Math.floor(ageHours)} hours ago (window ${window} hours).`,
        );
      }
    }
    return compliant(`Trail ${trail.name} sends events to ${trail.cloudWatchLogsLogGroupArn}.`);
  },
} as const satisfies Rule<{ expectedDeliveryWindowAge: number }, TrailConfiguration>;
