import { DeleteSubnetCommand } from '@aws-sdk/client-ec2';
import { EC2_SUBNET_SEEDER } from '#test/support/estate/ec2-subnet';
import { provesSeededPair } from './seeded-pair';

provesSeededPair(EC2_SUBNET_SEEDER, {
  deleteMisconfigured: async (clients, pair) => {
    const subnetId = pair.misconfigured.resourceId;
    await (await clients.client('ec2')).send(new DeleteSubnetCommand({ SubnetId: subnetId }));
    return {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DeleteSubnet',
      requestParameters: { subnetId },
      responseElements: { _return: true },
    };
  },
});
