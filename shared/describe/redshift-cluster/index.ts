import { REDSHIFT_CLUSTER_TYPE } from '#shared/resources/redshift';
import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** The cluster a call names (`clusterIdentifier`), and the new identifier a rename gives it. */
const clusterInCall: CloudTrailExtractor = (record) => {
  const renamed = stringAt(record.requestParameters, 'newClusterIdentifier');
  return [
    [
      REDSHIFT_CLUSTER_TYPE,
      stringAt(record.requestParameters, 'clusterIdentifier') ??
        stringAt(record.responseElements, 'clusterIdentifier'),
    ],
    ...(renamed === undefined ? [] : [[REDSHIFT_CLUSTER_TYPE, renamed] as const]),
  ];
};

/** Tag calls name the resource by ARN; only `…:cluster:<id>` is a cluster (not snapshots, parameter groups). */
const taggedCluster: CloudTrailExtractor = (record) => {
  const match = /^arn:[^:]+:redshift:[^:]*:\d*:cluster:([^:/]+)$/.exec(
    stringAt(record.requestParameters, 'resourceName') ?? '',
  );
  return match?.[1] === undefined ? [] : [[REDSHIFT_CLUSTER_TYPE, match[1]]];
};

/**
 * Redshift clusters: public access, encryption, snapshots, routing, maintenance, audit logging and the
 * `require_ssl` parameter of their parameter group. A change to a parameter group itself
 * (ModifyClusterParameterGroup) names no cluster, so the clusters using it are re-read on the next sweep.
 */
export const REDSHIFT_CLUSTER: DescribableType = {
  resourceType: REDSHIFT_CLUSTER_TYPE,
  services: ['redshift'],
  permissions: [
    {
      actions: ['redshift:DescribeClusters'],
      resources: ['*'],
      reason:
        'Listing Redshift clusters (DescribeClusters without an identifier) supports no resource-level permissions; it reads cluster settings only, no data.',
    },
    {
      actions: ['redshift:DescribeLoggingStatus'],
      resources: ['arn:{partition}:redshift:{region}:{account}:cluster:*'],
      reason: 'Vigil judges whether every Redshift cluster of this account and region has audit logging on.',
    },
    {
      actions: ['redshift:DescribeClusterParameters'],
      resources: ['arn:{partition}:redshift:{region}:{account}:parametergroup:*'],
      reason: "Vigil reads require_ssl from each cluster's parameter group (parameter values only).",
    },
  ],
  cloudTrail: {
    'redshift.amazonaws.com': {
      ...sameExtractor(
        [
          'CreateCluster',
          'ModifyCluster',
          'DeleteCluster',
          'RestoreFromClusterSnapshot',
          'ResizeCluster',
          'ModifyClusterMaintenance',
          'EnableLogging',
          'DisableLogging',
        ],
        clusterInCall,
      ),
      ...sameExtractor(['CreateTags', 'DeleteTags'], taggedCluster),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeRedshiftCluster(await clients.client('redshift'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listRedshiftClusters(await clients.client('redshift'), base),
};
