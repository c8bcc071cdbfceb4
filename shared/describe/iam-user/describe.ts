import {
  type AccessKeyMetadata,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  paginateListAccessKeys,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListUserPolicies,
  paginateListUsers,
  type User,
} from '@aws-sdk/client-iam';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { IAM_REGION, IAM_USER_RESOURCE_TYPE, type IamUserSupplementary } from '#shared/resources/iam';
import { configObject, deletedItem, describedItem, errorNameOf, optionalRead, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';
import { CREDENTIAL_REPORTS, type CredentialReportCache, reportedKeyUse } from './credential-report';

const NOT_FOUND: readonly string[] = ['NoSuchEntityException', 'NoSuchEntity'];

/** The function lacks permission for an optional read: the part stays "not collected". */
const NOT_PERMITTED: readonly string[] = ['AccessDenied', 'AccessDeniedException'];

/** A user gone between two reads of one describe. */
class UserGone extends Error {
  override readonly name = 'UserGone';
}

/** Runs a read of a user that exists: "no such entity" means it was deleted meanwhile. */
async function ofExistingUser<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) throw new UserGone();
    throw error;
  }
}

/** Every item of every page of a paginated read. */
async function collect<P, T>(pages: AsyncIterable<P>, itemsOf: (page: P) => readonly T[] | undefined) {
  const items: T[] = [];
  for await (const page of pages) items.push(...(itemsOf(page) ?? []));
  return items;
}

function iso(date: Date | undefined): string | undefined {
  return date?.toISOString();
}

/** Config's `userPolicyList`: each inline policy with its URL-encoded document, as IAM returns it. */
async function inlinePolicies(client: IAMClient, userName: string) {
  const names = await collect(
    paginateListUserPolicies({ client }, { UserName: userName }),
    (page) => page.PolicyNames,
  );
  return Promise.all(
    names.map(async (policyName) => {
      const policy = await client.send(
        new GetUserPolicyCommand({ UserName: userName, PolicyName: policyName }),
      );
      return { policyName, policyDocument: policy.PolicyDocument };
    }),
  );
}

/** The last use of each key: from the credential report when it covers the key, else `GetAccessKeyLastUsed`. */
async function accessKeysWithLastUse(
  client: IAMClient,
  ref: ResourceRef,
  user: { readonly userName: string; readonly createDate: Date },
  keys: readonly AccessKeyMetadata[],
  reports: CredentialReportCache,
): Promise<IamUserSupplementary['AccessKeys']> {
  const report = keys.length === 0 ? undefined : await reports.report(client, ref.accountId);
  const described = await Promise.all(
    keys.map(async (key) => {
      if (key.AccessKeyId === undefined || key.CreateDate === undefined) return undefined;
      const base = {
        UserName: user.userName,
        AccessKeyId: key.AccessKeyId,
        Status: key.Status ?? 'Inactive',
        CreateDate: key.CreateDate.toISOString(),
      };
      const reported = report === undefined ? undefined : reportedKeyUse(report, user, key.CreateDate);
      if (reported !== undefined) {
        return {
          ...base,
          LastUsedDate: reported.lastUsedDate?.toISOString() ?? null,
          ...(reported.lastUsedService === undefined ? {} : { LastUsedService: reported.lastUsedService }),
          ...(reported.lastUsedRegion === undefined ? {} : { LastUsedRegion: reported.lastUsedRegion }),
        };
      }
      const lastUsed = await optionalRead(
        () => client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId })),
        [...NOT_PERMITTED, ...NOT_FOUND],
      );
      // Unknown last use: the whole list stays "not collected" rather than claim the key was never used.
      if (lastUsed === undefined) return undefined;
      const use = lastUsed.AccessKeyLastUsed;
      return {
        ...base,
        LastUsedDate: iso(use?.LastUsedDate) ?? null,
        ...(use?.ServiceName === undefined || use.ServiceName === 'N/A'
          ? {}
          : { LastUsedService: use.ServiceName }),
        ...(use?.Region === undefined || use.Region === 'N/A' ? {} : { LastUsedRegion: use.Region }),
      };
    }),
  );
  if (described.some((key) => key === undefined)) return undefined;
  return described.filter((key) => key !== undefined) as IamUserSupplementary['AccessKeys'];
}

/**
 * The Vigil supplementary keys Config does not record (see `IamUserSupplementary`): MFA devices, the
 * console password (`null` without one) and its last use, access keys with their last use. A read that is
 * not permitted leaves its key absent ("not collected").
 */
async function credentialsOf(
  client: IAMClient,
  ref: ResourceRef,
  described: { readonly userName: string; readonly createDate: Date; readonly user: User },
  reports: CredentialReportCache,
): Promise<Record<string, unknown>> {
  const { userName, createDate, user } = described;
  const [mfaDevices, keys, loginProfile] = await Promise.all([
    optionalRead(
      () => collect(paginateListMFADevices({ client }, { UserName: userName }), (page) => page.MFADevices),
      NOT_PERMITTED,
    ),
    optionalRead(
      () =>
        collect(paginateListAccessKeys({ client }, { UserName: userName }), (page) => page.AccessKeyMetadata),
      NOT_PERMITTED,
    ),
    // No console password: GetLoginProfile answers NoSuchEntity, recorded as `null`.
    optionalRead(
      async () =>
        (await optionalRead(
          () => client.send(new GetLoginProfileCommand({ UserName: userName })),
          NOT_FOUND,
        )) ?? null,
      NOT_PERMITTED,
    ),
  ]);
  const accessKeys =
    keys === undefined
      ? undefined
      : await accessKeysWithLastUse(client, ref, { userName, createDate }, keys, reports);
  const supplementary: Record<string, unknown> = {
    // GetUser leaves PasswordLastUsed out when the password was never used (or before IAM tracked it).
    PasswordLastUsed: iso(user.PasswordLastUsed) ?? null,
  };
  if (mfaDevices !== undefined) {
    supplementary.MfaDevices = mfaDevices.map((device) => ({
      UserName: device.UserName ?? userName,
      SerialNumber: device.SerialNumber,
      ...(device.EnableDate === undefined ? {} : { EnableDate: device.EnableDate.toISOString() }),
    }));
  }
  if (loginProfile !== undefined) {
    const profile = loginProfile?.LoginProfile;
    supplementary.LoginProfile =
      profile === undefined
        ? null
        : {
            UserName: profile.UserName ?? userName,
            CreateDate: iso(profile.CreateDate),
            PasswordResetRequired: profile.PasswordResetRequired ?? false,
          };
  }
  if (accessKeys !== undefined) supplementary.AccessKeys = accessKeys;
  return supplementary;
}

/** The item of a user IAM no longer knows: Config's id (the user id) when the event gave it, else the name. */
function deletedUser(ref: ResourceRef): ConfigurationItem {
  return {
    ...deletedItem({ ...ref, region: IAM_REGION }, ref.resourceId ?? ref.lookupId),
    resourceName: ref.lookupId,
  };
}

/**
 * An `AWS::IAM::User` item as AWS Config records it (resource id the user id, name the user name, region
 * `global`): GetUser, the inline policies with their URL-encoded documents (ListUserPolicies +
 * GetUserPolicy), the attached managed policies and the groups, in Config's camelCase; plus the Vigil
 * supplementary keys for the credentials Config does not record (ListMFADevices, ListAccessKeys,
 * GetLoginProfile, and the keys' last use from the account's credential report, read once per window for
 * all users, or GetAccessKeyLastUsed for a key the report does not cover).
 */
export async function describeIamUser(
  client: IAMClient,
  ref: ResourceRef,
  reports: CredentialReportCache = CREDENTIAL_REPORTS,
): Promise<ConfigurationItem> {
  const response = await optionalRead(
    () => client.send(new GetUserCommand({ UserName: ref.lookupId })),
    NOT_FOUND,
  );
  const user = response?.User;
  if (user?.UserName === undefined || user.UserId === undefined || user.CreateDate === undefined) {
    return deletedUser(ref);
  }
  const userName: string = user.UserName;
  const userId: string = user.UserId;
  const createDate: Date = user.CreateDate;
  try {
    const [userPolicyList, attached, groups, supplementary] = await Promise.all([
      ofExistingUser(() => inlinePolicies(client, userName)),
      ofExistingUser(() =>
        collect(
          paginateListAttachedUserPolicies({ client }, { UserName: userName }),
          (page) => page.AttachedPolicies,
        ),
      ),
      ofExistingUser(() =>
        collect(paginateListGroupsForUser({ client }, { UserName: userName }), (page) => page.Groups),
      ),
      ofExistingUser(() => credentialsOf(client, ref, { userName, createDate, user }, reports)),
    ]);
    const boundary = user.PermissionsBoundary;
    return describedItem(
      { ...ref, region: IAM_REGION, resourceType: IAM_USER_RESOURCE_TYPE },
      {
        resourceId: userId,
        resourceName: userName,
        ...(user.Arn === undefined ? {} : { arn: user.Arn }),
        configuration: configObject({
          path: user.Path,
          userName,
          userId,
          arn: user.Arn,
          createDate,
          userPolicyList,
          groupList: groups.flatMap((group) => (group.GroupName === undefined ? [] : [group.GroupName])),
          attachedManagedPolicies: attached.map((policy) => ({
            policyName: policy.PolicyName,
            policyArn: policy.PolicyArn,
          })),
          permissionsBoundary:
            boundary === undefined
              ? null
              : {
                  permissionsBoundaryType: boundary.PermissionsBoundaryType,
                  permissionsBoundaryArn: boundary.PermissionsBoundaryArn,
                },
          tags: (user.Tags ?? []).map((tag) => ({ key: tag.Key, value: tag.Value })),
        }),
        supplementaryConfiguration: supplementary,
        tags: tagMap(user.Tags),
      },
    );
  } catch (error) {
    if (error instanceof UserGone) return deletedUser({ ...ref, resourceId: ref.resourceId ?? userId });
    throw error;
  }
}

/** Every IAM user of the account (ListUsers, paginated): IAM is global, so once per account, not per region. */
export async function listIamUsers(client: IAMClient, base: RefBase): Promise<ResourceRef[]> {
  const users = await collect(paginateListUsers({ client }, {}), (page) => page.Users);
  return users.flatMap((user) =>
    user.UserName === undefined
      ? []
      : [
          {
            ...base,
            region: IAM_REGION,
            resourceType: IAM_USER_RESOURCE_TYPE,
            lookupId: user.UserName,
            ...(user.UserId === undefined ? {} : { resourceId: user.UserId }),
          },
        ],
  );
}
