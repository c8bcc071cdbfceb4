import { DB_INSTANCE_TYPE } from '#shared/resources/rds';
import { RDS_TAG_EVENTS, rdsTaggedName } from '../rds-tags';
import { type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** RDS DB instances. */
export const RDS_INSTANCE: DescribableType = {
  resourceType: DB_INSTANCE_TYPE,
  services: ['rds'],
  permissions: [
    {
      actions: ['rds:DescribeDBInstances'],
      resources: ['arn:{partition}:rds:{region}:{account}:db:*'],
      reason: 'Vigil judges every DB instance of this account and region; read-only.',
    },
  ],
  cloudTrail: {
    'rds.amazonaws.com': {
      ...sameExtractor(
        [
          'CreateDBInstance',
          'ModifyDBInstance',
          'DeleteDBInstance',
          'CreateDBInstanceReadReplica',
          'RestoreDBInstanceFromDBSnapshot',
        ],
        (record) => [
          [
            DB_INSTANCE_TYPE,
            stringAt(record.requestParameters, 'dBInstanceIdentifier') ??
              stringAt(record.responseElements, 'dBInstanceIdentifier'),
            stringAt(record.responseElements, 'dbiResourceId'),
          ],
        ],
      ),
      ...sameExtractor(RDS_TAG_EVENTS, (record) => {
        const name = rdsTaggedName(record, 'db');
        return name === undefined ? [] : [[DB_INSTANCE_TYPE, name]];
      }),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeDbInstance(await clients.client('rds'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listDbInstances(await clients.client('rds'), base),
};
