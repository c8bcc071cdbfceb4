import {
  isRecordedStream,
  KINESIS_STREAM_TYPE,
  type KinesisStreamConfiguration,
  kinesisStreamName,
} from '#shared/resources/kinesis';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Kinesis data streams keep records at least `minimumBackupRetentionPeriod` hours (default 168, one week):
 * `RetentionPeriodHours` below it fails. A stream whose retention was not recorded is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/kinesis-stream-backup-retention-check.html
 */
export const kinesisStreamBackupRetentionCheck = {
  id: 'kinesis-stream-backup-retention-check',
  title: 'Kinesis data streams retain records for at least 168 hours',
  resourceTypes: [KINESIS_STREAM_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {
    minimumBackupRetentionPeriod: {
      type: 'number',
      default: 168,
      description: 'Minimum hours data records should be retained (24 to 8760).',
    },
  },
  rationale:
    'A longer retention lets consumers recover from outages and lets investigators replay what happened, instead of losing records after a day.',
  remediationAdvice:
    'Raise the retention: `aws kinesis increase-stream-retention-period --stream-name <stream> --retention-period-hours 168`.',
  evaluate(item, { parameters }) {
    const name = kinesisStreamName(item);
    const hours = item.configuration?.RetentionPeriodHours;
    if (!isRecordedStream(item) || typeof hours !== 'number') {
      return notApplicable(`The retention period of Kinesis stream ${name} was not recorded.`);
    }
    const minimum = parameters.minimumBackupRetentionPeriod;
    if (hours < minimum) {
      return nonCompliant(`Kinesis stream ${name} retains records ${hours} hours, less than ${minimum}.`);
    }
    return compliant(`Kinesis stream ${name} retains records ${hours} hours.`);
  },
} as const satisfies Rule<{ minimumBackupRetentionPeriod: number }, KinesisStreamConfiguration>;
