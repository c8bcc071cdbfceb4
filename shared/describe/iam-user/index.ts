import type { CloudTrailRecord } from '#shared/pipeline/events';
import { IAM_USER_RESOURCE_TYPE } from '#shared/resources/iam';
import {
  type CloudTrailExtractor,
  type DescribableType,
  sameExtractor,
  stringAt,
  type TouchedResource,
} from '../resource-type';

/** The IAM user whose own credentials an IAM user's call without `userName` changes (its own keys, MFA). */
function callerUserName(record: CloudTrailRecord): string | undefined {
  return stringAt(record.userIdentity, 'type') === 'IAMUser'
    ? stringAt(record.userIdentity, 'userName')
    : undefined;
}

/** The user a call names (`requestParameters.userName`). */
const namedUser: CloudTrailExtractor = (record) => {
  const userName = stringAt(record.requestParameters, 'userName');
  return userName === undefined ? [] : [[IAM_USER_RESOURCE_TYPE, userName]];
};

/** The user a call names, or the calling IAM user when it names none (the API's default for these calls). */
const namedOrCallingUser: CloudTrailExtractor = (record) => {
  const userName = stringAt(record.requestParameters, 'userName') ?? callerUserName(record);
  return userName === undefined ? [] : [[IAM_USER_RESOURCE_TYPE, userName]];
};

/** CreateUser: the new user, with the user id Config uses as its resource id. */
const createdUser: CloudTrailExtractor = (record): readonly TouchedResource[] => {
  const userName =
    stringAt(record.requestParameters, 'userName') ?? stringAt(record.responseElements, 'user', 'userName');
  const userId = stringAt(record.responseElements, 'user', 'userId');
  if (userName === undefined) return [];
  return [
    userId === undefined ? [IAM_USER_RESOURCE_TYPE, userName] : [IAM_USER_RESOURCE_TYPE, userName, userId],
  ];
};

/** CreateAccessKey: the key's owner, which the response names even when the request does not. */
const accessKeyOwner: CloudTrailExtractor = (record) => {
  const userName =
    stringAt(record.requestParameters, 'userName') ??
    stringAt(record.responseElements, 'accessKey', 'userName') ??
    callerUserName(record);
  return userName === undefined ? [] : [[IAM_USER_RESOURCE_TYPE, userName]];
};

/** UpdateUser: the user under its new name when renamed (Config's id, the user id, does not change). */
const updatedUser: CloudTrailExtractor = (record) => {
  const userName =
    stringAt(record.requestParameters, 'newUserName') ?? stringAt(record.requestParameters, 'userName');
  return userName === undefined ? [] : [[IAM_USER_RESOURCE_TYPE, userName]];
};

/**
 * IAM users with their inline and attached policies, groups, MFA devices, console password and access keys
 * (with last use, from the account's credential report). IAM is global: users are listed once per account
 * and recorded in the pseudo-region `global`, as AWS Config records them.
 */
export const IAM_USER: DescribableType = {
  resourceType: IAM_USER_RESOURCE_TYPE,
  services: ['iam'],
  scope: 'global',
  permissions: [
    {
      actions: ['iam:ListUsers', 'iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
      resources: ['*'],
      reason:
        'iam:ListUsers and the account credential report (iam:GenerateCredentialReport, ' +
        'iam:GetCredentialReport) support no resource-level permissions; the report is read once per ' +
        'account and window for the last use of every access key, instead of one call per key.',
    },
    {
      actions: [
        'iam:GetAccessKeyLastUsed',
        'iam:GetLoginProfile',
        'iam:GetUser',
        'iam:GetUserPolicy',
        'iam:ListAccessKeys',
        'iam:ListAttachedUserPolicies',
        'iam:ListGroupsForUser',
        'iam:ListMFADevices',
        'iam:ListUserPolicies',
      ],
      resources: ['arn:{partition}:iam::{account}:user/*'],
      reason:
        'Vigil judges every IAM user of the account (policies, groups, MFA, console password, access ' +
        'keys and their last use); read-only, no secret is returned by these calls.',
    },
  ],
  cloudTrail: {
    'iam.amazonaws.com': {
      CreateUser: createdUser,
      UpdateUser: updatedUser,
      CreateAccessKey: accessKeyOwner,
      ...sameExtractor(
        [
          'DeleteUser',
          'PutUserPolicy',
          'DeleteUserPolicy',
          'AttachUserPolicy',
          'DetachUserPolicy',
          'PutUserPermissionsBoundary',
          'DeleteUserPermissionsBoundary',
          'CreateLoginProfile',
          'UpdateLoginProfile',
          'DeleteLoginProfile',
          'EnableMFADevice',
          'AddUserToGroup',
          'RemoveUserFromGroup',
          'TagUser',
          'UntagUser',
        ],
        namedUser,
      ),
      ...sameExtractor(['DeactivateMFADevice', 'UpdateAccessKey', 'DeleteAccessKey'], namedOrCallingUser),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeIamUser(await clients.client('iam'), ref),
  list: async (clients, base) => (await import('./describe')).listIamUsers(await clients.client('iam'), base),
};
