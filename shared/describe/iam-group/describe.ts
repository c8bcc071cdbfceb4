import {
  GetGroupPolicyCommand,
  type Group,
  type IAMClient,
  paginateGetGroup,
  paginateListAttachedGroupPolicies,
  paginateListGroupPolicies,
  paginateListGroups,
  type User,
} from '@aws-sdk/client-iam';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { IAM_GROUP_RESOURCE_TYPE, IAM_REGION, IAM_USER_RESOURCE_TYPE } from '#shared/resources/iam';
import { configObject, deletedItem, describedItem, errorNameOf } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

const NOT_FOUND: readonly string[] = ['NoSuchEntityException', 'NoSuchEntity'];

/** A group gone between two reads of one describe. */
class GroupGone extends Error {
  override readonly name = 'GroupGone';
}

/** Runs a read of a group: "no such entity" means it was deleted (before or during the describe). */
async function ofGroup<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) throw new GroupGone();
    throw error;
  }
}

/** Every item of every page of a paginated read. */
async function collect<P, T>(pages: AsyncIterable<P>, itemsOf: (page: P) => readonly T[] | undefined) {
  const items: T[] = [];
  for await (const page of pages) items.push(...(itemsOf(page) ?? []));
  return items;
}

/** GetGroup, every page: the group and all its members. */
async function groupAndMembers(
  client: IAMClient,
  groupName: string,
): Promise<{ group: Group; users: User[] }> {
  let group: Group | undefined;
  const users: User[] = [];
  for await (const page of paginateGetGroup({ client }, { GroupName: groupName })) {
    group ??= page.Group;
    users.push(...(page.Users ?? []));
  }
  if (group === undefined) throw new GroupGone();
  return { group, users };
}

/**
 * An `AWS::IAM::Group` item as AWS Config records it (resource id the group id, name the group name, region
 * `global`): the group and its members (GetGroup, paginated), the inline policies with their URL-encoded
 * documents (ListGroupPolicies + GetGroupPolicy) and the attached managed policies, in Config's camelCase.
 * The members are the item's relationships to `AWS::IAM::User` (as Config records them) and the Vigil
 * supplementary key `Users` (user names), which says they were read.
 */
export async function describeIamGroup(client: IAMClient, ref: ResourceRef): Promise<ConfigurationItem> {
  const groupRef = { ...ref, region: IAM_REGION, resourceType: IAM_GROUP_RESOURCE_TYPE };
  try {
    const { group, users } = await ofGroup(() => groupAndMembers(client, ref.lookupId));
    const groupName = group.GroupName ?? ref.lookupId;
    const [policyNames, attached] = await Promise.all([
      ofGroup(() =>
        collect(paginateListGroupPolicies({ client }, { GroupName: groupName }), (page) => page.PolicyNames),
      ),
      ofGroup(() =>
        collect(
          paginateListAttachedGroupPolicies({ client }, { GroupName: groupName }),
          (page) => page.AttachedPolicies,
        ),
      ),
    ]);
    const groupPolicyList = await Promise.all(
      policyNames.map(async (policyName) => {
        const policy = await ofGroup(() =>
          client.send(new GetGroupPolicyCommand({ GroupName: groupName, PolicyName: policyName })),
        );
        return { policyName, policyDocument: policy.PolicyDocument };
      }),
    );
    const item = describedItem(groupRef, {
      resourceId: group.GroupId ?? ref.resourceId ?? groupName,
      resourceName: groupName,
      ...(group.Arn === undefined ? {} : { arn: group.Arn }),
      configuration: configObject({
        path: group.Path,
        groupName,
        groupId: group.GroupId,
        arn: group.Arn,
        createDate: group.CreateDate,
        groupPolicyList,
        attachedManagedPolicies: attached.map((policy) => ({
          policyName: policy.PolicyName,
          policyArn: policy.PolicyArn,
        })),
      }),
      supplementaryConfiguration: {
        Users: users.flatMap((user) => (user.UserName === undefined ? [] : [user.UserName])),
      },
    });
    return {
      ...item,
      relationships: users.flatMap((user) =>
        user.UserName === undefined
          ? []
          : [
              {
                name: 'Contains IAM user',
                resourceType: IAM_USER_RESOURCE_TYPE,
                resourceName: user.UserName,
                ...(user.UserId === undefined ? {} : { resourceId: user.UserId }),
              },
            ],
      ),
    };
  } catch (error) {
    if (!(error instanceof GroupGone)) throw error;
    return { ...deletedItem(groupRef, ref.resourceId ?? ref.lookupId), resourceName: ref.lookupId };
  }
}

/** Every IAM group of the account (ListGroups, paginated): IAM is global, so once per account. */
export async function listIamGroups(client: IAMClient, base: RefBase): Promise<ResourceRef[]> {
  const groups = await collect(paginateListGroups({ client }, {}), (page) => page.Groups);
  return groups.flatMap((group) =>
    group.GroupName === undefined
      ? []
      : [
          {
            ...base,
            region: IAM_REGION,
            resourceType: IAM_GROUP_RESOURCE_TYPE,
            lookupId: group.GroupName,
            ...(group.GroupId === undefined ? {} : { resourceId: group.GroupId }),
          },
        ],
  );
}
