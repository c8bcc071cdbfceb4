import { INTERNET_GATEWAY_TYPE } from '#shared/resources/ec2';
import { ec2TagTriggers } from '../ec2-tags';
import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** The gateway a call names in its request, or, for CreateInternetGateway, the one it returns. */
const gatewayOfCall: CloudTrailExtractor = (record) => [
  [
    INTERNET_GATEWAY_TYPE,
    stringAt(record.requestParameters, 'internetGatewayId') ??
      stringAt(record.responseElements, 'internetGateway', 'internetGatewayId'),
  ],
];

/** Internet gateways and the VPCs they are attached to. */
export const EC2_INTERNET_GATEWAY: DescribableType = {
  resourceType: INTERNET_GATEWAY_TYPE,
  services: ['ec2'],
  permissions: [
    {
      actions: ['ec2:DescribeInternetGateways'],
      resources: ['*'],
      reason: 'EC2 Describe* calls support no resource-level permissions; read-only.',
    },
  ],
  cloudTrail: {
    'ec2.amazonaws.com': {
      ...sameExtractor(
        ['CreateInternetGateway', 'DeleteInternetGateway', 'AttachInternetGateway', 'DetachInternetGateway'],
        gatewayOfCall,
      ),
      ...ec2TagTriggers(INTERNET_GATEWAY_TYPE, 'igw-'),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeInternetGateway(await clients.client('ec2'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listInternetGateways(await clients.client('ec2'), base),
};
