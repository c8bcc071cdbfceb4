import { IAM_POLICY_RESOURCE_TYPE, isAwsManagedPolicyArn } from '#shared/resources/iam';
import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** A customer managed policy by ARN; none for AWS managed policies, which Config does not record. */
function customerPolicy(arn: string | undefined, policyId?: string): ReturnType<CloudTrailExtractor> {
  if (arn === undefined || isAwsManagedPolicyArn(arn)) return [];
  return [
    policyId === undefined ? [IAM_POLICY_RESOURCE_TYPE, arn] : [IAM_POLICY_RESOURCE_TYPE, arn, policyId],
  ];
}

/** The policy a call names (`requestParameters.policyArn`). */
const namedPolicy: CloudTrailExtractor = (record) =>
  customerPolicy(stringAt(record.requestParameters, 'policyArn'));

/** The partition of a region (`cn-north-1` → `aws-cn`). */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * CreatePolicy: the new policy, with the policy id Config uses as its resource id; the ARN is rebuilt from
 * the request (account, path, name) when the record carries no response.
 */
const createdPolicy: CloudTrailExtractor = (record) => {
  const name = stringAt(record.requestParameters, 'policyName');
  const account = record.recipientAccountId;
  const requested =
    name === undefined || account === undefined
      ? undefined
      : `arn:${partitionOf(record.awsRegion)}:iam::${account}:policy${stringAt(record.requestParameters, 'path') ?? '/'}${name}`;
  return customerPolicy(
    stringAt(record.responseElements, 'policy', 'arn') ?? requested,
    stringAt(record.responseElements, 'policy', 'policyId'),
  );
};

/** Put*PermissionsBoundary: the boundary policy, whose `permissionsBoundaryUsageCount` changes. */
const boundaryPolicy: CloudTrailExtractor = (record) =>
  customerPolicy(stringAt(record.requestParameters, 'permissionsBoundary'));

/**
 * Customer managed IAM policies with every stored version's document. IAM is global: policies are listed
 * once per account and recorded in the pseudo-region `global`, as AWS Config records them.
 */
export const IAM_POLICY: DescribableType = {
  resourceType: IAM_POLICY_RESOURCE_TYPE,
  services: ['iam'],
  scope: 'global',
  permissions: [
    {
      actions: ['iam:ListPolicies'],
      resources: ['*'],
      reason: 'iam:ListPolicies supports no resource-level permissions; it lists policy metadata only.',
    },
    {
      actions: ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions'],
      resources: ['arn:{partition}:iam::{account}:policy/*'],
      reason:
        "Vigil judges every customer managed policy of the account by its versions' documents; read-only.",
    },
  ],
  cloudTrail: {
    'iam.amazonaws.com': {
      CreatePolicy: createdPolicy,
      ...sameExtractor(
        [
          'CreatePolicyVersion',
          'DeletePolicyVersion',
          'SetDefaultPolicyVersion',
          'DeletePolicy',
          'TagPolicy',
          'UntagPolicy',
          // Attachments change the policy's attachmentCount.
          'AttachUserPolicy',
          'AttachRolePolicy',
          'AttachGroupPolicy',
          'DetachUserPolicy',
          'DetachRolePolicy',
          'DetachGroupPolicy',
        ],
        namedPolicy,
      ),
      ...sameExtractor(['PutUserPermissionsBoundary', 'PutRolePermissionsBoundary'], boundaryPolicy),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeIamPolicy(await clients.client('iam'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listIamPolicies(await clients.client('iam'), base),
};
