import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';
import { type CloudTrailExtractor, type DescribableType, sameExtractor } from '../resource-type';

const account: CloudTrailExtractor = (record) => [
  [ACCOUNT_RESOURCE_TYPE, record.recipientAccountId ?? 'self'],
];

/**
 * The `AWS::::Account` pseudo-resource Config does not record: password policy, account summary (root MFA
 * and keys), EBS encryption by default, GuardDuty detectors and Security Hub, one item per account and region.
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
  ],
  cloudTrail: {
    'ec2.amazonaws.com': sameExtractor(
      ['EnableEbsEncryptionByDefault', 'DisableEbsEncryptionByDefault'],
      account,
    ),
    'iam.amazonaws.com': sameExtractor(
      [
        'UpdateAccountPasswordPolicy',
        'DeleteAccountPasswordPolicy',
        'EnableMFADevice',
        'DeactivateMFADevice',
        'CreateAccessKey',
        'DeleteAccessKey',
        'CreateUser',
        'DeleteUser',
        'DeleteVirtualMFADevice',
      ],
      account,
    ),
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
