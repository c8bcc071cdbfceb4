import { IAM_GROUP_RESOURCE_TYPE } from '#shared/resources/iam';
import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** The group a call names (`requestParameters.groupName`). */
const namedGroup: CloudTrailExtractor = (record) => {
  const groupName = stringAt(record.requestParameters, 'groupName');
  return groupName === undefined ? [] : [[IAM_GROUP_RESOURCE_TYPE, groupName]];
};

/** CreateGroup: the new group, with the group id Config uses as its resource id. */
const createdGroup: CloudTrailExtractor = (record) => {
  const groupName =
    stringAt(record.requestParameters, 'groupName') ??
    stringAt(record.responseElements, 'group', 'groupName');
  const groupId = stringAt(record.responseElements, 'group', 'groupId');
  if (groupName === undefined) return [];
  return [
    groupId === undefined
      ? [IAM_GROUP_RESOURCE_TYPE, groupName]
      : [IAM_GROUP_RESOURCE_TYPE, groupName, groupId],
  ];
};

/** UpdateGroup: the group under its new name when renamed (Config's id, the group id, does not change). */
const updatedGroup: CloudTrailExtractor = (record) => {
  const groupName =
    stringAt(record.requestParameters, 'newGroupName') ?? stringAt(record.requestParameters, 'groupName');
  return groupName === undefined ? [] : [[IAM_GROUP_RESOURCE_TYPE, groupName]];
};

/**
 * IAM groups with their members, inline policies and attached managed policies. IAM is global: groups are
 * listed once per account and recorded in the pseudo-region `global`, as AWS Config records them.
 */
export const IAM_GROUP: DescribableType = {
  resourceType: IAM_GROUP_RESOURCE_TYPE,
  services: ['iam'],
  scope: 'global',
  permissions: [
    {
      actions: ['iam:ListGroups'],
      resources: ['*'],
      reason: 'iam:ListGroups supports no resource-level permissions; it returns group names and ids.',
    },
    {
      actions: [
        'iam:GetGroup',
        'iam:GetGroupPolicy',
        'iam:ListAttachedGroupPolicies',
        'iam:ListGroupPolicies',
      ],
      resources: ['arn:{partition}:iam::{account}:group/*'],
      reason:
        'Vigil judges every IAM group of the account (members, inline and attached policies); read-only.',
    },
  ],
  cloudTrail: {
    'iam.amazonaws.com': {
      CreateGroup: createdGroup,
      UpdateGroup: updatedGroup,
      ...sameExtractor(
        [
          'DeleteGroup',
          'PutGroupPolicy',
          'DeleteGroupPolicy',
          'AttachGroupPolicy',
          'DetachGroupPolicy',
          'AddUserToGroup',
          'RemoveUserFromGroup',
        ],
        namedGroup,
      ),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeIamGroup(await clients.client('iam'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listIamGroups(await clients.client('iam'), base),
};
