import { type EC2Client, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { AccountConfiguration } from '#shared/resources/account';
import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';
import { describedItem, optionalRead } from './config-shape';
import type { ResourceRef } from './describer';

/**
 * The `AWS::::Account` item of one account and region (see AccountConfiguration): IAM password policy
 * (`null` when none), IAM account summary, EBS encryption by default. Parts Vigil has no client for
 * (GuardDuty, Security Hub) stay absent, meaning "not collected".
 */
export async function describeAccount(
  clients: { readonly iam: IAMClient; readonly ec2: EC2Client },
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  const [policy, summary, ebs] = await Promise.all([
    optionalRead(
      () => clients.iam.send(new GetAccountPasswordPolicyCommand({})),
      ['NoSuchEntityException', 'NoSuchEntity'],
    ),
    clients.iam.send(new GetAccountSummaryCommand({})),
    clients.ec2.send(new GetEbsEncryptionByDefaultCommand({})),
  ]);
  const configuration: AccountConfiguration = {
    passwordPolicy: policy?.PasswordPolicy
      ? {
          ...(policy.PasswordPolicy.MinimumPasswordLength === undefined
            ? {}
            : { MinimumPasswordLength: policy.PasswordPolicy.MinimumPasswordLength }),
          RequireSymbols: policy.PasswordPolicy.RequireSymbols ?? false,
          RequireNumbers: policy.PasswordPolicy.RequireNumbers ?? false,
          RequireUppercaseCharacters: policy.PasswordPolicy.RequireUppercaseCharacters ?? false,
          RequireLowercaseCharacters: policy.PasswordPolicy.RequireLowercaseCharacters ?? false,
          AllowUsersToChangePassword: policy.PasswordPolicy.AllowUsersToChangePassword ?? false,
          ExpirePasswords: policy.PasswordPolicy.ExpirePasswords ?? false,
          ...(policy.PasswordPolicy.MaxPasswordAge === undefined
            ? {}
            : { MaxPasswordAge: policy.PasswordPolicy.MaxPasswordAge }),
          ...(policy.PasswordPolicy.PasswordReusePrevention === undefined
            ? {}
            : { PasswordReusePrevention: policy.PasswordPolicy.PasswordReusePrevention }),
          HardExpiry: policy.PasswordPolicy.HardExpiry ?? false,
        }
      : null,
    accountSummary: { ...(summary.SummaryMap ?? {}) },
    ...(ebs.EbsEncryptionByDefault === undefined
      ? {}
      : { ebsEncryptionByDefault: ebs.EbsEncryptionByDefault }),
  };
  return describedItem(
    { ...ref, resourceType: ACCOUNT_RESOURCE_TYPE },
    { resourceId: ref.accountId, resourceName: ref.accountId, configuration: { ...configuration } },
  );
}
