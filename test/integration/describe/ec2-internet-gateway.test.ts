import {
  DeleteInternetGatewayCommand,
  DescribeInternetGatewaysCommand,
  DetachInternetGatewayCommand,
} from '@aws-sdk/client-ec2';
import { EC2_INTERNET_GATEWAY_SEEDER } from '#test/support/estate/ec2-internet-gateway';
import { provesSeededPair } from './seeded-pair';

provesSeededPair(EC2_INTERNET_GATEWAY_SEEDER, {
  // EC2 deletes only a detached gateway, so the attached one is detached first.
  deleteMisconfigured: async (clients, pair) => {
    const ec2 = await clients.client('ec2');
    const internetGatewayId = pair.misconfigured.resourceId;
    const described = await ec2.send(
      new DescribeInternetGatewaysCommand({ InternetGatewayIds: [internetGatewayId] }),
    );
    for (const attachment of described.InternetGateways?.[0]?.Attachments ?? []) {
      await ec2.send(
        new DetachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: attachment.VpcId }),
      );
    }
    await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: internetGatewayId }));
    return {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DeleteInternetGateway',
      requestParameters: { internetGatewayId },
      responseElements: { _return: true },
    };
  },
});
