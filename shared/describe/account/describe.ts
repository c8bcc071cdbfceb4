import { type EC2Client, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import {
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  type GuardDutyClient,
  paginateListDetectors,
} from '@aws-sdk/client-guardduty';
import {
  GetAccountPasswordPolicyCommand,
  type GetAccountPasswordPolicyCommandOutput,
  GetAccountSummaryCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { DescribeHubCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { AccountConfiguration } from '#shared/resources/account';
import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';
import { describedItem, optionalRead } from '../config-shape';
import type { ResourceRef } from '../describer';
import { describePublicEbsSnapshots } from './ebs-snapshots';

/** The function lacks permission for an optional read: the part stays "not collected". */
const NOT_PERMITTED: readonly string[] = ['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation'];

type Detectors = NonNullable<AccountConfiguration['guardDutyDetectors']>;

/** GuardDuty detectors of the region (`ListDetectors` + `GetDetector` + `GetAdministratorAccount`). */
export async function describeGuardDutyDetectors(client: GuardDutyClient): Promise<Detectors | undefined> {
  const ids: string[] = [];
  try {
    for await (const page of paginateListDetectors({ client }, {})) ids.push(...(page.DetectorIds ?? []));
  } catch (error) {
    if (error instanceof Error && NOT_PERMITTED.includes(error.name)) return undefined;
    throw error;
  }
  return Promise.all(
    ids.map(async (detectorId) => {
      const [detector, administrator] = await Promise.all([
        client.send(new GetDetectorCommand({ DetectorId: detectorId })),
        optionalRead(
          () => client.send(new GetAdministratorAccountCommand({ DetectorId: detectorId })),
          NOT_PERMITTED,
        ),
      ]);
      const admin = administrator?.Administrator;
      return {
        detectorId,
        status: detector.Status === 'ENABLED' ? ('ENABLED' as const) : ('DISABLED' as const),
        ...(administrator === undefined
          ? {}
          : {
              administrator:
                admin?.AccountId === undefined
                  ? null
                  : { accountId: admin.AccountId, relationshipStatus: admin.RelationshipStatus ?? 'Unknown' },
            }),
      };
    }),
  );
}

/** Security Hub's hub in the region (`DescribeHub`); an account not subscribed has no hub. */
export async function describeSecurityHub(
  client: SecurityHubClient,
): Promise<AccountConfiguration['securityHub']> {
  try {
    const hub = await client.send(new DescribeHubCommand({}));
    return { enabled: true, ...(hub.HubArn === undefined ? {} : { hubArn: hub.HubArn }) };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    // Security Hub answers InvalidAccessException for an account that is not subscribed.
    if (name === 'InvalidAccessException' || name === 'ResourceNotFoundException') return { enabled: false };
    if (NOT_PERMITTED.includes(name)) return undefined;
    throw error;
  }
}

/** IAM `GetAccountPasswordPolicy` as the account item records it; `null` when the account has none. */
function passwordPolicyOf(
  response: GetAccountPasswordPolicyCommandOutput | null,
): AccountConfiguration['passwordPolicy'] {
  const policy = response?.PasswordPolicy;
  if (policy === undefined) return null;
  return {
    ...(policy.MinimumPasswordLength === undefined
      ? {}
      : { MinimumPasswordLength: policy.MinimumPasswordLength }),
    RequireSymbols: policy.RequireSymbols ?? false,
    RequireNumbers: policy.RequireNumbers ?? false,
    RequireUppercaseCharacters: policy.RequireUppercaseCharacters ?? false,
    RequireLowercaseCharacters: policy.RequireLowercaseCharacters ?? false,
    AllowUsersToChangePassword: policy.AllowUsersToChangePassword ?? false,
    ExpirePasswords: policy.ExpirePasswords ?? false,
    ...(policy.MaxPasswordAge === undefined ? {} : { MaxPasswordAge: policy.MaxPasswordAge }),
    ...(policy.PasswordReusePrevention === undefined
      ? {}
      : { PasswordReusePrevention: policy.PasswordReusePrevention }),
    HardExpiry: policy.HardExpiry ?? false,
  };
}

/**
 * The `AWS::::Account` item of one account and region (see AccountConfiguration): IAM password policy
 * (`null` when none), IAM account summary, EBS encryption by default, and, when their clients are given,
 * GuardDuty detectors and Security Hub, and the public EBS snapshots (`supplementaryConfiguration`,
 * `./ebs-snapshots.ts`). A part not collected (no client, no permission) stays absent.
 */
export async function describeAccount(
  clients: {
    readonly iam: IAMClient;
    readonly ec2: EC2Client;
    readonly guardduty?: GuardDutyClient;
    readonly securityhub?: SecurityHubClient;
  },
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  const [policy, summary, ebs, detectors, hub] = await Promise.all([
    // No password policy: NoSuchEntity, recorded as `null`; not permitted: the part stays absent.
    optionalRead(
      async () =>
        (await optionalRead(
          () => clients.iam.send(new GetAccountPasswordPolicyCommand({})),
          ['NoSuchEntityException', 'NoSuchEntity'],
        )) ?? null,
      NOT_PERMITTED,
    ),
    optionalRead(() => clients.iam.send(new GetAccountSummaryCommand({})), NOT_PERMITTED),
    clients.ec2.send(new GetEbsEncryptionByDefaultCommand({})),
    clients.guardduty === undefined ? undefined : describeGuardDutyDetectors(clients.guardduty),
    clients.securityhub === undefined ? undefined : describeSecurityHub(clients.securityhub),
  ]);
  const configuration: AccountConfiguration = {
    ...(policy === undefined ? {} : { passwordPolicy: passwordPolicyOf(policy) }),
    ...(summary === undefined ? {} : { accountSummary: { ...(summary.SummaryMap ?? {}) } }),
    ...(ebs.EbsEncryptionByDefault === undefined
      ? {}
      : { ebsEncryptionByDefault: ebs.EbsEncryptionByDefault }),
    ...(detectors === undefined ? {} : { guardDutyDetectors: detectors }),
    ...(hub === undefined ? {} : { securityHub: hub }),
  };
  return describedItem(
    { ...ref, resourceType: ACCOUNT_RESOURCE_TYPE },
    {
      resourceId: ref.accountId,
      resourceName: ref.accountId,
      configuration: { ...configuration },
      supplementaryConfiguration: { ...(await describePublicEbsSnapshots(clients.ec2, ref.accountId)) },
    },
  );
}
