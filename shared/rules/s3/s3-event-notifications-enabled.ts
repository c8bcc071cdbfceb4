import {
  type BucketNotification,
  bucketArn,
  bucketNotifications,
  S3_BUCKET_TYPE,
  type S3BucketConfiguration,
} from '#shared/resources/s3';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = { destinationArn: string; eventTypes: readonly string[] };

/** Whether a configured event covers a wanted one: equal, or a `…:*` wildcard over it (`s3:ObjectCreated:*`). */
function covers(configured: string, wanted: string): boolean {
  if (configured === wanted) return true;
  return configured.endsWith('*') && wanted.startsWith(configured.slice(0, -1));
}

function matches(notification: BucketNotification, parameters: Parameters): boolean {
  if (parameters.destinationArn !== '' && notification.destinationArn !== parameters.destinationArn) {
    return false;
  }
  if (parameters.eventTypes.length === 0) return true;
  return parameters.eventTypes.some((wanted) =>
    notification.events.some((configured) => covers(configured, wanted)),
  );
}

/**
 * S3 buckets send event notifications: `BucketNotificationConfiguration.configurations` holds at least one
 * notification to an SNS topic, SQS queue or Lambda function; with `destinationArn` one must go there, and
 * with `eventTypes` (a list of preferred event types) it must send one of them, a configured wildcard
 * (`s3:ObjectCreated:*`) covering the types under it. An item that does not record the notification
 * configuration, which Config always records, is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-event-notifications-enabled.html
 */
export const s3EventNotificationsEnabled = {
  id: 's3-event-notifications-enabled',
  title: 'S3 buckets send event notifications',
  resourceTypes: [S3_BUCKET_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {
    destinationArn: {
      type: 'string',
      default: '',
      description:
        'ARN of the SNS topic, SQS queue or Lambda function a notification must go to; empty for any.',
    },
    eventTypes: {
      type: 'string-list',
      default: [],
      description: 'Preferred S3 event types, comma-separated (e.g. s3:ObjectRemoved:*); empty for any.',
    },
  },
  rationale:
    'Notifications on object writes and deletes let a team react to unexpected changes to the data in a bucket as they happen.',
  remediationAdvice:
    'Add a notification: `aws s3api put-bucket-notification-configuration --bucket <bucket> --notification-configuration file://notification.json` (a TopicConfigurations, QueueConfigurations or LambdaFunctionConfigurations entry with the events to send).',
  evaluate(item, { parameters }) {
    const arn = bucketArn(item);
    const notifications = bucketNotifications(item);
    if (notifications === undefined) {
      return notApplicable(`The event notification configuration of bucket ${arn} was not recorded.`);
    }
    if (notifications.length === 0) return nonCompliant(`Bucket ${arn} has no event notifications.`);
    const match = notifications.find((notification) => matches(notification, parameters));
    if (match !== undefined) {
      return compliant(
        `Bucket ${arn} sends ${match.events.join(', ') || 'events'} to ${match.destinationArn ?? 'a destination'} (${match.id}).`,
      );
    }
    const wanted = [
      parameters.eventTypes.length > 0 ? `one of ${parameters.eventTypes.join(', ')}` : 'events',
      parameters.destinationArn === '' ? '' : ` to ${parameters.destinationArn}`,
    ].join('');
    return nonCompliant(
      `None of the ${notifications.length} event notifications of bucket ${arn} sends ${wanted}.`,
    );
  },
} as const satisfies Rule<Parameters, S3BucketConfiguration>;
