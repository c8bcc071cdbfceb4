import { ACCOUNT_ID, configurationItem, type RawConfigurationItem } from './envelope';

function iamGroup(options: {
  name: string;
  groupId: string;
  createdAt: string;
  /** Members' user names and ids, as GetGroup lists them. */
  members: readonly { name: string; userId: string }[];
  managedPolicies?: readonly { policyName: string; policyId: string }[];
  inlinePolicies?: readonly { policyName: string; document: Record<string, unknown> }[];
}): RawConfigurationItem {
  const arn = `arn:aws:iam::${ACCOUNT_ID}:group/${options.name}`;
  const managed = options.managedPolicies ?? [];
  return configurationItem({
    resourceType: 'AWS::IAM::Group',
    resourceId: options.groupId,
    resourceName: options.name,
    arn,
    region: 'global',
    captureTime: '2026-11-22T23:10:07.204Z',
    createdAt: options.createdAt,
    relationships: [
      ...options.members.map((member) => ({
        resourceType: 'AWS::IAM::User',
        resourceId: member.userId,
        resourceName: member.name,
        name: 'Contains IAM user',
      })),
      ...managed.map((policy) => ({
        resourceType: 'AWS::IAM::Policy',
        resourceId: policy.policyId,
        resourceName: policy.policyName,
        name: 'Is attached to CustomerManagedPolicy',
      })),
    ],
    configuration: {
      path: '/',
      groupName: options.name,
      groupId: options.groupId,
      arn,
      createDate: options.createdAt,
      // AWS Config records inline policy documents URL-encoded.
      groupPolicyList: (options.inlinePolicies ?? []).map((policy) => ({
        policyName: policy.policyName,
        policyDocument: encodeURIComponent(JSON.stringify(policy.document)),
      })),
      attachedManagedPolicies: managed.map((policy) => ({
        policyName: policy.policyName,
        policyArn: `arn:aws:iam::${ACCOUNT_ID}:policy/${policy.policyName}`,
      })),
    },
    supplementaryConfiguration: { Users: options.members.map((member) => member.name) },
  });
}

/** IAM groups: the two the users belong to, and an emergency group nobody is in any more. */
export function groupResources(): RawConfigurationItem[] {
  return [
    iamGroup({
      name: 'Engineers',
      groupId: 'AGPAQ3EXAMPLEENGINE1',
      createdAt: '2022-01-10T09:12:44.000Z',
      members: [{ name: 'alice', userId: 'AIDAQ3EXAMPLEALICE01' }],
    }),
    iamGroup({
      name: 'Deployers',
      groupId: 'AGPAQ3EXAMPLEDEPLOY1',
      createdAt: '2023-02-14T16:40:03.000Z',
      members: [{ name: 'ci-deployer', userId: 'AIDAQ3EXAMPLECIDEPLO' }],
      managedPolicies: [{ policyName: 'PaymentsDeploy', policyId: 'ANPAQ3EXAMPLEDEPLOY1' }],
    }),
    iamGroup({
      name: 'break-glass',
      groupId: 'AGPAQ3EXAMPLEBREAKGL',
      createdAt: '2021-07-02T14:05:00.000Z',
      members: [],
      inlinePolicies: [
        {
          policyName: 'emergency-admin',
          document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
        },
      ],
    }),
  ];
}
