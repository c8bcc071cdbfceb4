import { DB_CLUSTER_TYPE, DB_INSTANCE_TYPE } from '#shared/resources/rds';
import { RDS_TAG_EVENTS, rdsTaggedName } from '../rds-tags';
import {
  type CloudTrailExtractor,
  type DescribableType,
  sameExtractor,
  stringAt,
  type TouchedResource,
} from '../resource-type';

/**
 * The cluster a call names, and its member instances as the response lists them
 * (`dBClusterMembers[].dBInstanceIdentifier`): the instance rules judge members by their cluster's
 * deletion protection and log exports, so a cluster change re-judges them.
 */
const clusterAndMembers: CloudTrailExtractor = (record) => {
  const members = record.responseElements?.dBClusterMembers;
  const memberRefs: TouchedResource[] = (Array.isArray(members) ? members : []).flatMap((member) => {
    const id = stringAt(member, 'dBInstanceIdentifier');
    return id === undefined ? [] : [[DB_INSTANCE_TYPE, id] as const];
  });
  return [
    [
      DB_CLUSTER_TYPE,
      stringAt(record.requestParameters, 'dBClusterIdentifier') ??
        stringAt(record.responseElements, 'dBClusterIdentifier'),
      stringAt(record.responseElements, 'dbClusterResourceId'),
    ],
    ...memberRefs,
  ];
};

/**
 * RDS DB clusters (Aurora and Multi-AZ, and the DocumentDB clusters the RDS API lists with engine `docdb`, whose
 * calls CloudTrail records from `rds.amazonaws.com`), judged by the cluster and `docdb-*` rules and read by the DB
 * instance rules that judge cluster members.
 */
export const RDS_CLUSTER: DescribableType = {
  resourceType: DB_CLUSTER_TYPE,
  services: ['rds'],
  permissions: [
    {
      actions: ['rds:DescribeDBClusters'],
      resources: ['arn:{partition}:rds:{region}:{account}:cluster:*'],
      reason:
        'Vigil reads every DB cluster of this account and region to judge it and its member instances; read-only.',
    },
  ],
  cloudTrail: {
    'rds.amazonaws.com': {
      ...sameExtractor(
        [
          'CreateDBCluster',
          'ModifyDBCluster',
          'DeleteDBCluster',
          'StartDBCluster',
          'StopDBCluster',
          'RestoreDBClusterFromSnapshot',
          'RestoreDBClusterToPointInTime',
          'RestoreDBClusterFromS3',
          'PromoteReadReplicaDBCluster',
        ],
        clusterAndMembers,
      ),
      ...sameExtractor(RDS_TAG_EVENTS, (record) => {
        const name = rdsTaggedName(record, 'cluster');
        return name === undefined ? [] : [[DB_CLUSTER_TYPE, name]];
      }),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeDbCluster(await clients.client('rds'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listDbClusters(await clients.client('rds'), base),
};
