import { type DescribableType, sameExtractor, stringAt } from '../resource-type';

const LOG_GROUP_TYPE = 'AWS::Logs::LogGroup';

/** CloudWatch Logs log groups: retention and encryption. */
export const LOG_GROUP: DescribableType = {
  resourceType: LOG_GROUP_TYPE,
  services: ['logs'],
  permissions: [
    {
      actions: ['logs:DescribeLogGroups'],
      resources: ['arn:{partition}:logs:{region}:{account}:log-group:*'],
      reason: 'Vigil judges every log group of this account and region; metadata reads only, no log events.',
    },
  ],
  cloudTrail: {
    'logs.amazonaws.com': sameExtractor(
      [
        'CreateLogGroup',
        'DeleteLogGroup',
        'PutRetentionPolicy',
        'DeleteRetentionPolicy',
        'AssociateKmsKey',
        'DisassociateKmsKey',
      ],
      (record) => [[LOG_GROUP_TYPE, stringAt(record.requestParameters, 'logGroupName')]],
    ),
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeLogGroup(await clients.client('logs'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listLogGroups(await clients.client('logs'), base),
};
