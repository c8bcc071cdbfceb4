import { NETWORK_ACL_TYPE } from '#shared/resources/ec2';
import { ec2TagTriggers } from '../ec2-tags';
import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** The ACL a call names in its request (`networkAclId`), or, for CreateNetworkAcl, the one it returns. */
const aclOfCall: CloudTrailExtractor = (record) => [
  [
    NETWORK_ACL_TYPE,
    stringAt(record.requestParameters, 'networkAclId') ??
      stringAt(record.responseElements, 'networkAcl', 'networkAclId'),
  ],
];

/**
 * VPC network ACLs: entries and subnet associations. ReplaceNetworkAclAssociation re-describes the ACL a
 * subnet moves to; the one it leaves is named only by the old association id, so the sweep (and Config)
 * update that one, as they do the default ACL a new subnet joins (CreateSubnet names no ACL).
 */
export const EC2_NETWORK_ACL: DescribableType = {
  resourceType: NETWORK_ACL_TYPE,
  services: ['ec2'],
  permissions: [
    {
      actions: ['ec2:DescribeNetworkAcls'],
      resources: ['*'],
      reason: 'EC2 Describe* calls support no resource-level permissions; read-only.',
    },
  ],
  cloudTrail: {
    'ec2.amazonaws.com': {
      ...sameExtractor(
        [
          'CreateNetworkAcl',
          'DeleteNetworkAcl',
          'CreateNetworkAclEntry',
          'ReplaceNetworkAclEntry',
          'DeleteNetworkAclEntry',
          'ReplaceNetworkAclAssociation',
        ],
        aclOfCall,
      ),
      ...ec2TagTriggers(NETWORK_ACL_TYPE, 'acl-'),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeNetworkAcl(await clients.client('ec2'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listNetworkAcls(await clients.client('ec2'), base),
};
