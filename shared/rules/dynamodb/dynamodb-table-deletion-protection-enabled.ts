import { DYNAMODB_TABLE_TYPE, type DynamoDbTableConfiguration, tableName } from '#shared/resources/dynamodb';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * DynamoDB tables have deletion protection enabled (`deletionProtectionEnabled`). A table whose setting
 * was not recorded (Config items from before the feature lack it) is NOT_APPLICABLE: never a failure from
 * data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/dynamodb-table-deletion-protection-enabled.html
 */
export const dynamodbTableDeletionProtectionEnabled = {
  id: 'dynamodb-table-deletion-protection-enabled',
  title: 'DynamoDB tables have deletion protection enabled',
  resourceTypes: [DYNAMODB_TABLE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Deletion protection stops a mistaken or malicious DeleteTable call from destroying the table and its data.',
  remediationAdvice:
    'Enable it: `aws dynamodb update-table --table-name <table> --deletion-protection-enabled`.',
  evaluate(item) {
    const name = tableName(item);
    const enabled = item.configuration?.deletionProtectionEnabled;
    if (typeof enabled !== 'boolean') {
      return notApplicable(`The deletion protection setting of DynamoDB table ${name} was not recorded.`);
    }
    return enabled
      ? compliant(`DynamoDB table ${name} has deletion protection enabled.`)
      : nonCompliant(`DynamoDB table ${name} does not have deletion protection enabled.`);
  },
} as const satisfies Rule<Record<string, never>, DynamoDbTableConfiguration>;
