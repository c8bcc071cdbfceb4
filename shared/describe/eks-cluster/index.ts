import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** AWS Config's type of an EKS cluster. */
export const EKS_CLUSTER_TYPE = 'AWS::EKS::Cluster';

/** The cluster a call names: `name` for the cluster calls, `clusterName` in the encryption-config request. */
const clusterInCall: CloudTrailExtractor = (record) => [
  [
    EKS_CLUSTER_TYPE,
    stringAt(record.requestParameters, 'name') ??
      stringAt(record.requestParameters, 'clusterName') ??
      stringAt(record.responseElements, 'cluster', 'name'),
  ],
];

/** Tag calls name the resource by ARN; only `…:cluster/<name>` is a cluster (not node groups, add-ons). */
const taggedCluster: CloudTrailExtractor = (record) => {
  const match = /^arn:[^:]+:eks:[^:]*:\d*:cluster\/([^/]+)$/.exec(
    stringAt(record.requestParameters, 'resourceArn') ?? '',
  );
  return match?.[1] === undefined ? [] : [[EKS_CLUSTER_TYPE, match[1]]];
};

/** EKS clusters: endpoint access, control-plane logging, secrets encryption and Kubernetes version. */
export const EKS_CLUSTER: DescribableType = {
  resourceType: EKS_CLUSTER_TYPE,
  services: ['eks'],
  permissions: [
    {
      actions: ['eks:ListClusters'],
      resources: ['*'],
      reason: 'eks:ListClusters supports no resource-level permissions; it lists cluster names only.',
    },
    {
      actions: ['eks:DescribeCluster'],
      resources: ['arn:{partition}:eks:{region}:{account}:cluster/*'],
      reason: 'Vigil judges every EKS cluster of this account and region; control-plane settings only.',
    },
  ],
  cloudTrail: {
    'eks.amazonaws.com': {
      ...sameExtractor(
        [
          'CreateCluster',
          'DeleteCluster',
          'UpdateClusterConfig',
          'UpdateClusterVersion',
          'AssociateEncryptionConfig',
        ],
        clusterInCall,
      ),
      ...sameExtractor(['TagResource', 'UntagResource'], taggedCluster),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeEksCluster(await clients.client('eks'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listEksClusters(await clients.client('eks'), base),
};
