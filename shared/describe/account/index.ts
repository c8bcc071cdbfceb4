import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';
import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

const account: CloudTrailExtractor = (record) => [
  [ACCOUNT_RESOURCE_TYPE, record.recipientAccountId ?? 'self'],
];

/**
 * A credential call that may concern the root user: made by the root user, or naming no IAM user with no
 * caller identity to tell whose credentials changed. An IAM user's calls (on its own credentials or another
 * user's) change an `AWS::IAM::User` item instead, and never the root user's MFA or keys.
 */
const rootCredentials: CloudTrailExtractor = (record) => {
  const caller = stringAt(record.userIdentity, 'type');
  if (caller === 'Root') return account(record);
  const namesUser =
    stringAt(record.requestParameters, 'userName') !== undefined ||
    stringAt(record.responseElements, 'accessKey', 'userName') !== undefined;
  return caller === undefined && !namesUser ? account(record) : [];
};

/**
 * The `AWS::::Account` pseudo-resource Config does not record: password policy, account summary (root MFA
 * and keys), EBS encryption by default, GuardDuty detectors and Security Hub, one item per account and region;
 * its supplementary `PublicEbsSnapshots` lists the account's publicly restorable EBS snapshots.
 */
export const ACCOUNT: DescribableType = {
  resourceType: ACCOUNT_RESOURCE_TYPE,
  services: ['iam', 'ec2', 'guardduty', 'securityhub'],
  scope: 'account',
  permissions: [
    {
      actions: [
        'ec2:GetEbsEncryptionByDefault',
        'iam:GetAccountPasswordPolicy',
        'iam:GetAccountSummary',
        'guardduty:ListDetectors',
      ],
      resources: ['*'],
      reason:
        'EC2 GetEbsEncryptionByDefault, the IAM account-level reads and guardduty:ListDetectors support no ' +
        'resource-level permissions; read-only.',
    },
    {
      actions: ['guardduty:GetDetector', 'guardduty:GetAdministratorAccount'],
      resources: ['arn:{partition}:guardduty:{region}:{account}:detector/*'],
      reason:
        'The account item records whether GuardDuty is on: the detectors of this account and region, read-only.',
    },
    {
      actions: ['securityhub:DescribeHub', 'securityhub:GetAdministratorAccount'],
      resources: ['arn:{partition}:securityhub:{region}:{account}:hub/default'],
      reason: 'The account item records whether Security Hub is on and who administers it; read-only.',
    },
    {
      actions: ['ec2:DescribeSnapshots'],
      resources: ['*'],
      reason:
        'EC2 Describe* calls support no resource-level permissions; lists the public own snapshots only.',
    },
    {
      actions: ['ec2:DescribeSnapshotAttribute'],
      // Snapshot ARNs carry no account: the region is as narrow as the pattern can be.
      resources: ['arn:{partition}:ec2:{region}::snapshot/*'],
      reason: 'Confirms that each snapshot listed as public still grants createVolumePermission to all.',
    },
  ],
  cloudTrail: {
    'ec2.amazonaws.com': sameExtractor(
      [
        'EnableEbsEncryptionByDefault',
        'DisableEbsEncryptionByDefault',
        // Public EBS snapshots (supplementaryConfiguration.PublicEbsSnapshots).
        'ModifySnapshotAttribute',
        'ResetSnapshotAttribute',
        'DeleteSnapshot',
        'EnableSnapshotBlockPublicAccess',
        'DisableSnapshotBlockPublicAccess',
      ],
      account,
    ),
    'iam.amazonaws.com': {
      // The password policy, and the account summary's user count.
      ...sameExtractor(
        ['UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy', 'CreateUser', 'DeleteUser'],
        account,
      ),
      // The account summary's AccountMFAEnabled / AccountAccessKeysPresent: only the root user's own.
      ...sameExtractor(
        [
          'EnableMFADevice',
          'DeactivateMFADevice',
          'DeleteVirtualMFADevice',
          'CreateAccessKey',
          'UpdateAccessKey',
          'DeleteAccessKey',
        ],
        rootCredentials,
      ),
    },
    'guardduty.amazonaws.com': sameExtractor(
      [
        'CreateDetector',
        'DeleteDetector',
        'UpdateDetector',
        'AcceptAdministratorInvitation',
        'AcceptInvitation',
        'DisassociateFromAdministratorAccount',
        'DisassociateFromMasterAccount',
      ],
      account,
    ),
    'securityhub.amazonaws.com': sameExtractor(['EnableSecurityHub', 'DisableSecurityHub'], account),
  },
  describe: async (clients, ref) => {
    const [{ describeAccount }, iam, ec2, guardduty, securityhub] = await Promise.all([
      import('./describe'),
      clients.client('iam'),
      clients.client('ec2'),
      clients.client('guardduty'),
      clients.client('securityhub'),
    ]);
    return describeAccount({ iam, ec2, guardduty, securityhub }, ref);
  },
  list: async (_clients, base) => [
    { ...base, resourceType: ACCOUNT_RESOURCE_TYPE, lookupId: base.accountId },
  ],
};
