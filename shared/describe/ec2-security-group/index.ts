import { SECURITY_GROUP_TYPE } from '#shared/resources/ec2';
import { ec2TagTriggers } from '../ec2-tags';
import { type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** EC2 security groups and their rules. */
export const EC2_SECURITY_GROUP: DescribableType = {
  resourceType: SECURITY_GROUP_TYPE,
  services: ['ec2'],
  permissions: [
    {
      actions: ['ec2:DescribeSecurityGroups'],
      resources: ['*'],
      reason: 'EC2 Describe* calls support no resource-level permissions; read-only.',
    },
  ],
  cloudTrail: {
    'ec2.amazonaws.com': {
      ...sameExtractor(
        [
          'CreateSecurityGroup',
          'DeleteSecurityGroup',
          'AuthorizeSecurityGroupIngress',
          'AuthorizeSecurityGroupEgress',
          'RevokeSecurityGroupIngress',
          'RevokeSecurityGroupEgress',
          'ModifySecurityGroupRules',
          'UpdateSecurityGroupRuleDescriptionsIngress',
        ],
        // ModifySecurityGroupRules is logged in the wrapped shape of newer EC2 calls.
        (record) => [
          [
            SECURITY_GROUP_TYPE,
            stringAt(record.requestParameters, 'groupId') ??
              stringAt(record.responseElements, 'groupId') ??
              stringAt(record.requestParameters, 'ModifySecurityGroupRulesRequest', 'GroupId'),
          ],
        ],
      ),
      ...ec2TagTriggers(SECURITY_GROUP_TYPE, 'sg-'),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeSecurityGroup(await clients.client('ec2'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listSecurityGroups(await clients.client('ec2'), base),
};
