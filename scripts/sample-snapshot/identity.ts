import { ACCOUNT_ID, configurationItem, type RawConfigurationItem } from './envelope';

/** IAM stores policy documents URL-encoded; Config keeps them that way. */
const encodePolicy = (document: Record<string, unknown>) => encodeURIComponent(JSON.stringify(document));

interface AccessKey {
  readonly id: string;
  readonly status: 'Active' | 'Inactive';
  readonly createdAt: string;
  readonly lastUsed?: string;
}

function iamUser(options: {
  name: string;
  userId: string;
  createdAt: string;
  groups: readonly string[];
  managedPolicies?: readonly { policyName: string; policyArn: string }[];
  inlinePolicies?: readonly { policyName: string; document: Record<string, unknown> }[];
  mfaSerial?: string;
  console?: { createdAt: string; lastUsed: string | null };
  accessKeys: readonly AccessKey[];
}): RawConfigurationItem {
  const arn = `arn:aws:iam::${ACCOUNT_ID}:user/${options.name}`;
  return configurationItem({
    resourceType: 'AWS::IAM::User',
    resourceId: options.userId,
    resourceName: options.name,
    arn,
    region: 'global',
    captureTime: '2026-11-22T23:10:05.511Z',
    createdAt: options.createdAt,
    relationships: options.groups.map((group) => ({
      resourceType: 'AWS::IAM::Group',
      resourceName: group,
      name: 'Is contained in Group',
    })),
    configuration: {
      path: '/',
      userName: options.name,
      userId: options.userId,
      arn,
      createDate: options.createdAt,
      userPolicyList: (options.inlinePolicies ?? []).map((policy) => ({
        policyName: policy.policyName,
        policyDocument: encodePolicy(policy.document),
      })),
      groupList: options.groups,
      attachedManagedPolicies: options.managedPolicies ?? [],
      permissionsBoundary: null,
      tags: [],
    },
    // Vigil's describer adds what Config does not record: MFA devices, login profile, access keys.
    supplementaryConfiguration: {
      MfaDevices:
        options.mfaSerial === undefined
          ? []
          : [{ UserName: options.name, SerialNumber: options.mfaSerial, EnableDate: options.createdAt }],
      LoginProfile:
        options.console === undefined
          ? null
          : { UserName: options.name, CreateDate: options.console.createdAt, PasswordResetRequired: false },
      ...(options.console?.lastUsed ? { PasswordLastUsed: options.console.lastUsed } : {}),
      AccessKeys: options.accessKeys.map((key) => ({
        UserName: options.name,
        AccessKeyId: key.id,
        Status: key.status,
        CreateDate: key.createdAt,
        ...(key.lastUsed === undefined
          ? {}
          : { LastUsedDate: key.lastUsed, LastUsedService: 's3', LastUsedRegion: 'us-east-1' }),
      })),
    },
  });
}

function customerPolicy(options: {
  name: string;
  policyId: string;
  description: string;
  attachments: number;
  document: Record<string, unknown>;
  createdAt: string;
}): RawConfigurationItem {
  const arn = `arn:aws:iam::${ACCOUNT_ID}:policy/${options.name}`;
  return configurationItem({
    resourceType: 'AWS::IAM::Policy',
    resourceId: options.policyId,
    resourceName: options.name,
    arn,
    region: 'global',
    captureTime: '2026-11-22T23:10:07.204Z',
    createdAt: options.createdAt,
    configuration: {
      policyName: options.name,
      policyId: options.policyId,
      arn,
      path: '/',
      defaultVersionId: 'v1',
      attachmentCount: options.attachments,
      permissionsBoundaryUsageCount: 0,
      isAttachable: true,
      description: options.description,
      createDate: options.createdAt,
      updateDate: options.createdAt,
      policyVersionList: [
        {
          document: encodePolicy(options.document),
          versionId: 'v1',
          isDefaultVersion: true,
          createDate: options.createdAt,
        },
      ],
    },
  });
}

/** IAM users (with Vigil's credential supplement) and customer managed policies; IAM is global. */
export function identityResources(): RawConfigurationItem[] {
  return [
    iamUser({
      name: 'alice',
      userId: 'AIDAQ3EXAMPLEALICE01',
      createdAt: '2023-02-14T10:21:33.000Z',
      groups: ['Engineers'],
      mfaSerial: `arn:aws:iam::${ACCOUNT_ID}:mfa/alice-yubikey`,
      console: { createdAt: '2023-02-14T10:25:10.000Z', lastUsed: '2026-11-21T08:03:44.000Z' },
      accessKeys: [
        {
          id: 'AKIAQ3EXAMPLEALICE01',
          status: 'Active',
          createdAt: '2026-10-24T09:00:00.000Z',
          lastUsed: '2026-11-22T17:45:00.000Z',
        },
        {
          id: 'AKIAQ3EXAMPLEALICE00',
          status: 'Inactive',
          createdAt: '2025-01-10T09:00:00.000Z',
          lastUsed: '2026-10-24T08:30:00.000Z',
        },
      ],
    }),
    iamUser({
      name: 'bob',
      userId: 'AIDAQ3EXAMPLEBOB0002',
      createdAt: '2021-06-01T13:00:00.000Z',
      groups: [],
      managedPolicies: [
        { policyName: 'AdministratorAccess', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      ],
      inlinePolicies: [
        {
          policyName: 'bob-s3-scratch',
          document: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 's3:*',
                Resource: ['arn:aws:s3:::bob-scratch', 'arn:aws:s3:::bob-scratch/*'],
              },
            ],
          },
        },
      ],
      console: { createdAt: '2021-06-01T13:05:00.000Z', lastUsed: '2026-06-26T16:12:09.000Z' },
      accessKeys: [
        {
          id: 'AKIAQ3EXAMPLEBOB0002',
          status: 'Active',
          createdAt: '2025-10-19T11:30:00.000Z',
          lastUsed: '2026-05-07T10:00:00.000Z',
        },
      ],
    }),
    iamUser({
      name: 'ci-deployer',
      userId: 'AIDAQ3EXAMPLECIDEPLO',
      createdAt: '2026-09-01T08:00:00.000Z',
      groups: ['Deployers'],
      accessKeys: [
        {
          id: 'AKIAQ3EXAMPLECIDEPLO',
          status: 'Active',
          createdAt: '2026-09-01T08:05:00.000Z',
          lastUsed: '2026-11-22T21:14:00.000Z',
        },
      ],
    }),
    customerPolicy({
      name: 'PaymentsDeploy',
      policyId: 'ANPAQ3EXAMPLEDEPLOY1',
      description: 'What the payments pipeline may change',
      attachments: 1,
      createdAt: '2025-04-08T12:00:00.000Z',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DeployFunctions',
            Effect: 'Allow',
            Action: [
              'lambda:UpdateFunctionCode',
              'lambda:UpdateFunctionConfiguration',
              'lambda:PublishVersion',
            ],
            Resource: `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:payments-*`,
          },
        ],
      },
    }),
    customerPolicy({
      name: 'LegacyFullAdmin',
      policyId: 'ANPAQ3EXAMPLELEGACY1',
      description: 'Break-glass admin, pre-SSO',
      attachments: 2,
      createdAt: '2020-03-02T15:00:00.000Z',
      document: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'AllowEverything', Effect: 'Allow', Action: '*', Resource: '*' }],
      },
    }),
  ];
}
