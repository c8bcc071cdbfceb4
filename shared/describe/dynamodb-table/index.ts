import { DYNAMODB_TABLE_TYPE } from '#shared/resources/dynamodb';
import { type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** A table name or ARN → the name (`…:table/<name>[/index/…]`); other ARNs (streams, backups) → undefined. */
function tableName(value: string | undefined): string | undefined {
  if (value === undefined || !value.startsWith('arn:')) return value;
  return /^arn:[^:]+:dynamodb:[^:]*:\d*:table\/([^/]+)$/.exec(value)?.[1];
}

/** DynamoDB tables with point-in-time recovery, encryption and tags. */
export const DYNAMODB_TABLE: DescribableType = {
  resourceType: DYNAMODB_TABLE_TYPE,
  services: ['dynamodb'],
  permissions: [
    {
      actions: ['dynamodb:ListTables'],
      resources: ['*'],
      reason: 'dynamodb:ListTables supports no resource-level permissions; it lists table names only.',
    },
    {
      actions: [
        'dynamodb:DescribeContinuousBackups',
        'dynamodb:DescribeTable',
        'dynamodb:ListTagsOfResource',
      ],
      resources: ['arn:{partition}:dynamodb:{region}:{account}:table/*'],
      reason:
        'Vigil judges every DynamoDB table of this account and region; metadata reads only, no item access.',
    },
  ],
  cloudTrail: {
    'dynamodb.amazonaws.com': {
      ...sameExtractor(['CreateTable', 'UpdateTable', 'DeleteTable', 'UpdateContinuousBackups'], (record) => [
        [
          DYNAMODB_TABLE_TYPE,
          tableName(stringAt(record.requestParameters, 'tableName')) ??
            stringAt(record.responseElements, 'tableDescription', 'tableName'),
        ],
      ]),
      // A restore creates the target table.
      ...sameExtractor(['RestoreTableFromBackup', 'RestoreTableToPointInTime'], (record) => [
        [
          DYNAMODB_TABLE_TYPE,
          stringAt(record.requestParameters, 'targetTableName') ??
            stringAt(record.responseElements, 'tableDescription', 'tableName'),
        ],
      ]),
      ...sameExtractor(['TagResource', 'UntagResource'], (record) => {
        const name = tableName(stringAt(record.requestParameters, 'resourceArn'));
        return name === undefined ? [] : [[DYNAMODB_TABLE_TYPE, name]];
      }),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeTable(await clients.client('dynamodb'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listTables(await clients.client('dynamodb'), base),
};
