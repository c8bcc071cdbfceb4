import { VPC_TYPE } from '#shared/resources/ec2';
import { ec2TagTriggers } from '../ec2-tags';
import { type CloudTrailExtractor, type DescribableType, stringAt } from '../resource-type';

/** CreateVpc and CreateDefaultVpc return the new VPC as `responseElements.vpc`. */
const createdVpc: CloudTrailExtractor = (record) => [
  [VPC_TYPE, stringAt(record.responseElements, 'vpc', 'vpcId')],
];

/**
 * VPCs, judged with their flow logs (`AWS::EC2::FlowLog`, whose calls also re-describe the VPC they
 * capture: see `ec2-flow-log`).
 */
export const EC2_VPC: DescribableType = {
  resourceType: VPC_TYPE,
  services: ['ec2'],
  permissions: [
    {
      actions: ['ec2:DescribeVpcs'],
      resources: ['*'],
      reason: 'EC2 Describe* calls support no resource-level permissions; read-only.',
    },
  ],
  cloudTrail: {
    'ec2.amazonaws.com': {
      CreateVpc: createdVpc,
      CreateDefaultVpc: createdVpc,
      DeleteVpc: (record) => [[VPC_TYPE, stringAt(record.requestParameters, 'vpcId')]],
      ...ec2TagTriggers(VPC_TYPE, 'vpc-'),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeVpc(await clients.client('ec2'), ref),
  list: async (clients, base) => (await import('./describe')).listVpcs(await clients.client('ec2'), base),
};
