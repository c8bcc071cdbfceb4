import { SUBNET_TYPE } from '#shared/resources/ec2';
import { ec2TagTriggers } from '../ec2-tags';
import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** The subnet a call names in its request (`subnetId`), or, for CreateSubnet, the one it returns. */
const subnetOfCall: CloudTrailExtractor = (record) => [
  [
    SUBNET_TYPE,
    stringAt(record.requestParameters, 'subnetId') ?? stringAt(record.responseElements, 'subnet', 'subnetId'),
  ],
];

/** VPC subnets: whether they give instances public addresses (ModifySubnetAttribute changes that). */
export const EC2_SUBNET: DescribableType = {
  resourceType: SUBNET_TYPE,
  services: ['ec2'],
  permissions: [
    {
      actions: ['ec2:DescribeSubnets'],
      resources: ['*'],
      reason: 'EC2 Describe* calls support no resource-level permissions; read-only.',
    },
  ],
  cloudTrail: {
    'ec2.amazonaws.com': {
      ...sameExtractor(
        ['CreateSubnet', 'CreateDefaultSubnet', 'DeleteSubnet', 'ModifySubnetAttribute'],
        subnetOfCall,
      ),
      ...ec2TagTriggers(SUBNET_TYPE, 'subnet-'),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeSubnet(await clients.client('ec2'), ref),
  list: async (clients, base) => (await import('./describe')).listSubnets(await clients.client('ec2'), base),
};
