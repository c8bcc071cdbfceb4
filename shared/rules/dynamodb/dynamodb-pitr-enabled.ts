import {
  DYNAMODB_TABLE_TYPE,
  type DynamoDbTableConfiguration,
  pointInTimeRecoveryStatus,
  tableName,
} from '#shared/resources/dynamodb';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * DynamoDB tables have point-in-time recovery enabled
 * (`ContinuousBackupsDescription.pointInTimeRecoveryDescription.pointInTimeRecoveryStatus` is `ENABLED`).
 * Config records `ContinuousBackupsDescription` for every table, so a table whose item does not record it
 * was not collected and is NOT_APPLICABLE with that reason; so is a table being deleted.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/dynamodb-pitr-enabled.html
 */
export const dynamodbPitrEnabled = {
  id: 'dynamodb-pitr-enabled',
  title: 'DynamoDB tables have point-in-time recovery enabled',
  resourceTypes: [DYNAMODB_TABLE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Point-in-time recovery restores a table to any second of the last 35 days after a bad write or delete.',
  remediationAdvice:
    'Enable point-in-time recovery (table > Backups > Edit, or `aws dynamodb update-continuous-backups ' +
    '--table-name <name> --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`).',
  evaluate(item) {
    const name = tableName(item);
    if (item.configuration?.tableStatus === 'DELETING')
      return notApplicable(`Table ${name} is being deleted.`);
    const status = pointInTimeRecoveryStatus(item);
    if (status === undefined)
      return notApplicable(`Point-in-time recovery of table ${name} was not recorded.`);
    return status === 'ENABLED'
      ? compliant(`Point-in-time recovery is enabled for table ${name}.`)
      : nonCompliant(`Point-in-time recovery is ${status} for table ${name}.`);
  },
} as const satisfies Rule<Record<string, never>, DynamoDbTableConfiguration>;
