import { DescribeSnapshotsCommand, EC2Client, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { GetAccountPasswordPolicyCommand, GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { describeAccount } from '#shared/describe/account/describe';
import type { AccountConfiguration } from '#shared/resources/account';
import { RuleEngine } from '#shared/rules/engine';
import { iamPasswordPolicy } from '#shared/rules/iam/iam-password-policy';
import { iamRootAccessKeyCheck } from '#shared/rules/iam/iam-root-access-key-check';
import { rootAccountMfaEnabled } from '#shared/rules/iam/root-account-mfa-enabled';
import { createInventory } from '#shared/rules/inventory';
import { loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

function verdicts(item: ConfigurationItem): Record<string, string> {
  const engine = new RuleEngine([iamPasswordPolicy, rootAccountMfaEnabled, iamRootAccessKeyCheck]);
  return Object.fromEntries(
    engine
      .evaluate(item, { now: new Date('2026-11-23T12:00:00Z'), inventory: createInventory([item]) })
      .map((evaluation) => [evaluation.ruleId, evaluation.compliance]),
  );
}

describe('describeAccount: the IAM parts (password policy, root MFA and root access keys)', () => {
  const iamClient = new IAMClient({ region: 'us-east-1' });
  const ec2Client = new EC2Client({ region: 'us-east-1' });
  const iam = mockClient(iamClient);
  const ec2 = mockClient(ec2Client);
  const ref = {
    accountId: ACCOUNT,
    region: 'us-east-1',
    resourceType: 'AWS::::Account',
    lookupId: ACCOUNT,
    captureTime: '2026-11-23T09:30:00.000Z',
  };
  const hardened = loadFixture('AWS::::Account', 'hardened').item.configuration as AccountConfiguration;

  async function describe_(): Promise<ConfigurationItem> {
    return describeAccount({ iam: iamClient, ec2: ec2Client }, ref);
  }

  beforeEach(() => {
    iam.reset();
    ec2.reset();
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
  });

  it('records the password policy and account summary as the hardened fixture has them', async () => {
    iam.on(GetAccountPasswordPolicyCommand).resolves({
      PasswordPolicy: {
        MinimumPasswordLength: 16,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true,
        ExpirePasswords: true,
        MaxPasswordAge: 90,
        PasswordReusePrevention: 24,
        HardExpiry: false,
      },
    });
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: hardened.accountSummary });
    const item = await describe_();
    const configuration = item.configuration as AccountConfiguration;
    expect(configuration.passwordPolicy).toEqual(hardened.passwordPolicy);
    expect(configuration.accountSummary).toEqual(hardened.accountSummary);
    expect(verdicts(item)).toEqual({
      'iam-password-policy': 'COMPLIANT',
      'root-account-mfa-enabled': 'COMPLIANT',
      'iam-root-access-key-check': 'COMPLIANT',
    });
  });

  it('no password policy is null, and root without MFA but with keys fails both root rules', async () => {
    iam.on(GetAccountPasswordPolicyCommand).rejects(awsError('NoSuchEntityException'));
    iam
      .on(GetAccountSummaryCommand)
      .resolves({ SummaryMap: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 1 } });
    const item = await describe_();
    expect((item.configuration as AccountConfiguration).passwordPolicy).toBeNull();
    expect(verdicts(item)).toEqual({
      'iam-password-policy': 'NON_COMPLIANT',
      'root-account-mfa-enabled': 'NON_COMPLIANT',
      'iam-root-access-key-check': 'NON_COMPLIANT',
    });
  });

  it.each(['AccessDenied', 'AccessDeniedException'])(
    'reads IAM is not permitted (%s): those parts stay absent and their rules NOT_APPLICABLE',
    async (name) => {
      iam.on(GetAccountPasswordPolicyCommand).rejects(awsError(name));
      iam.on(GetAccountSummaryCommand).rejects(awsError(name));
      const item = await describe_();
      expect(item.configuration).not.toHaveProperty('passwordPolicy');
      expect(item.configuration).not.toHaveProperty('accountSummary');
      expect(item.configuration).toMatchObject({ ebsEncryptionByDefault: true });
      expect(verdicts(item)).toEqual({
        'iam-password-policy': 'NOT_APPLICABLE',
        'root-account-mfa-enabled': 'NOT_APPLICABLE',
        'iam-root-access-key-check': 'NOT_APPLICABLE',
      });
    },
  );
});
