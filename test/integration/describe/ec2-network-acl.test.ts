import { DeleteNetworkAclCommand } from '@aws-sdk/client-ec2';
import { EC2_NETWORK_ACL_SEEDER } from '#test/support/estate/ec2-network-acl';
import { provesSeededPair } from './seeded-pair';

provesSeededPair(EC2_NETWORK_ACL_SEEDER, {
  deleteMisconfigured: async (clients, pair) => {
    const networkAclId = pair.misconfigured.resourceId;
    await (await clients.client('ec2')).send(new DeleteNetworkAclCommand({ NetworkAclId: networkAclId }));
    return {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DeleteNetworkAcl',
      requestParameters: { networkAclId },
      responseElements: { _return: true },
    };
  },
});
