import { DeleteClusterCommand } from '@aws-sdk/client-eks';
import { EKS_CLUSTER_SEEDER } from '#test/support/estate/eks-cluster';
import { provesSeededPair } from './seeded-pair';

provesSeededPair(EKS_CLUSTER_SEEDER, {
  deleteMisconfigured: async (clients, pair) => {
    const name = pair.misconfigured.resourceId;
    await (await clients.client('eks')).send(new DeleteClusterCommand({ name }));
    return {
      eventSource: 'eks.amazonaws.com',
      eventName: 'DeleteCluster',
      requestParameters: { name },
      responseElements: { cluster: { name, status: 'DELETING' } },
    };
  },
});
