import { RDS_TAG_EVENTS, rdsTaggedName } from '../rds-tags';
import { type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** AWS Config resource type of an RDS DB cluster snapshot. */
export const DB_CLUSTER_SNAPSHOT_TYPE = 'AWS::RDS::DBClusterSnapshot';

/** RDS DB cluster snapshots with their sharing (`restore`) attribute. */
export const RDS_CLUSTER_SNAPSHOT: DescribableType = {
  resourceType: DB_CLUSTER_SNAPSHOT_TYPE,
  services: ['rds'],
  permissions: [
    {
      actions: ['rds:DescribeDBClusterSnapshots'],
      // DescribeDBClusterSnapshots authorizes on the snapshot and on the DB cluster it was taken of.
      resources: [
        'arn:{partition}:rds:{region}:{account}:cluster:*',
        'arn:{partition}:rds:{region}:{account}:cluster-snapshot:*',
      ],
      reason: 'Vigil judges every DB cluster snapshot of this account and region; read-only.',
    },
    {
      actions: ['rds:DescribeDBClusterSnapshotAttributes'],
      resources: ['arn:{partition}:rds:{region}:{account}:cluster-snapshot:*'],
      reason: 'Whether a DB cluster snapshot is shared or public is its restore attribute; read-only.',
    },
  ],
  cloudTrail: {
    'rds.amazonaws.com': {
      ...sameExtractor(
        ['CreateDBClusterSnapshot', 'ModifyDBClusterSnapshotAttribute', 'DeleteDBClusterSnapshot'],
        (record) => [
          [
            DB_CLUSTER_SNAPSHOT_TYPE,
            stringAt(record.requestParameters, 'dBClusterSnapshotIdentifier') ??
              stringAt(record.responseElements, 'dBClusterSnapshotIdentifier'),
          ],
        ],
      ),
      // The copy is the new snapshot; the source is unchanged.
      CopyDBClusterSnapshot: (record) => [
        [
          DB_CLUSTER_SNAPSHOT_TYPE,
          stringAt(record.requestParameters, 'targetDBClusterSnapshotIdentifier') ??
            stringAt(record.responseElements, 'dBClusterSnapshotIdentifier'),
        ],
      ],
      ...sameExtractor(RDS_TAG_EVENTS, (record) => {
        const name = rdsTaggedName(record, 'cluster-snapshot');
        return name === undefined ? [] : [[DB_CLUSTER_SNAPSHOT_TYPE, name]];
      }),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeDbClusterSnapshot(await clients.client('rds'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listDbClusterSnapshots(await clients.client('rds'), base),
};
