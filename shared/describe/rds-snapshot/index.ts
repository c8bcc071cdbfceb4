import { RDS_TAG_EVENTS, rdsTaggedName } from '../rds-tags';
import { type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** AWS Config resource type of an RDS DB snapshot. */
export const DB_SNAPSHOT_TYPE = 'AWS::RDS::DBSnapshot';

/** RDS DB snapshots with their sharing (`restore`) attribute. */
export const RDS_SNAPSHOT: DescribableType = {
  resourceType: DB_SNAPSHOT_TYPE,
  services: ['rds'],
  permissions: [
    {
      actions: ['rds:DescribeDBSnapshots'],
      // DescribeDBSnapshots authorizes on the snapshot and on the DB instance it was taken of.
      resources: [
        'arn:{partition}:rds:{region}:{account}:db:*',
        'arn:{partition}:rds:{region}:{account}:snapshot:*',
      ],
      reason: 'Vigil judges every DB snapshot of this account and region; read-only.',
    },
    {
      actions: ['rds:DescribeDBSnapshotAttributes'],
      resources: ['arn:{partition}:rds:{region}:{account}:snapshot:*'],
      reason: 'Whether a DB snapshot is shared or public is its restore attribute; read-only.',
    },
  ],
  cloudTrail: {
    'rds.amazonaws.com': {
      ...sameExtractor(
        ['CreateDBSnapshot', 'ModifyDBSnapshotAttribute', 'ModifyDBSnapshot', 'DeleteDBSnapshot'],
        (record) => [
          [
            DB_SNAPSHOT_TYPE,
            stringAt(record.requestParameters, 'dBSnapshotIdentifier') ??
              stringAt(record.responseElements, 'dBSnapshotIdentifier'),
          ],
        ],
      ),
      // The copy is the new snapshot; the source is unchanged.
      CopyDBSnapshot: (record) => [
        [
          DB_SNAPSHOT_TYPE,
          stringAt(record.requestParameters, 'targetDBSnapshotIdentifier') ??
            stringAt(record.responseElements, 'dBSnapshotIdentifier'),
        ],
      ],
      ...sameExtractor(RDS_TAG_EVENTS, (record) => {
        const name = rdsTaggedName(record, 'snapshot');
        return name === undefined ? [] : [[DB_SNAPSHOT_TYPE, name]];
      }),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeDbSnapshot(await clients.client('rds'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listDbSnapshots(await clients.client('rds'), base),
};
