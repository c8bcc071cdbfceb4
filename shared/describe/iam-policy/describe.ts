import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  type IAMClient,
  type PolicyVersion,
  paginateListPolicies,
  paginateListPolicyVersions,
} from '@aws-sdk/client-iam';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { IAM_POLICY_RESOURCE_TYPE, IAM_REGION } from '#shared/resources/iam';
import { configObject, deletedItem, describedItem, errorNameOf, optionalRead, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

const NOT_FOUND: readonly string[] = ['NoSuchEntityException', 'NoSuchEntity'];

/** The policy's name, the last segment of its ARN (`arn:aws:iam::<account>:policy/<path>/<name>`). */
function nameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** The item of a policy IAM no longer knows: Config's id (the policy id) when the event gave it, else the ARN. */
function deletedPolicy(ref: ResourceRef): ConfigurationItem {
  return {
    ...deletedItem({ ...ref, region: IAM_REGION }, ref.resourceId ?? ref.lookupId),
    resourceName: nameOfArn(ref.lookupId),
    arn: ref.lookupId,
  };
}

/** Every stored version of a policy with its document (ListPolicyVersions + GetPolicyVersion each). */
async function versionsOf(client: IAMClient, policyArn: string): Promise<PolicyVersion[]> {
  const listed: PolicyVersion[] = [];
  for await (const page of paginateListPolicyVersions({ client }, { PolicyArn: policyArn })) {
    listed.push(...(page.Versions ?? []));
  }
  return Promise.all(
    listed.map(async (version) => {
      if (version.VersionId === undefined) return version;
      const response = await client.send(
        new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: version.VersionId }),
      );
      return response.PolicyVersion ?? version;
    }),
  );
}

/**
 * An `AWS::IAM::Policy` item (customer managed policies) as AWS Config records it: resource id the policy id,
 * name the policy name, region `global`; GetPolicy in Config's camelCase with `description` null when unset,
 * and `policyVersionList`, every stored version with its URL-encoded `document` as IAM returns it.
 */
export async function describeIamPolicy(client: IAMClient, ref: ResourceRef): Promise<ConfigurationItem> {
  const response = await optionalRead(
    () => client.send(new GetPolicyCommand({ PolicyArn: ref.lookupId })),
    NOT_FOUND,
  );
  const policy = response?.Policy;
  if (policy?.PolicyId === undefined || policy.Arn === undefined) return deletedPolicy(ref);
  let versions: PolicyVersion[];
  try {
    versions = await versionsOf(client, policy.Arn);
  } catch (error) {
    // Deleted between the two reads.
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedPolicy({ ...ref, resourceId: policy.PolicyId });
    throw error;
  }
  return describedItem(
    { ...ref, region: IAM_REGION, resourceType: IAM_POLICY_RESOURCE_TYPE },
    {
      resourceId: policy.PolicyId,
      resourceName: policy.PolicyName ?? nameOfArn(policy.Arn),
      arn: policy.Arn,
      configuration: configObject({
        policyName: policy.PolicyName,
        policyId: policy.PolicyId,
        arn: policy.Arn,
        path: policy.Path,
        defaultVersionId: policy.DefaultVersionId,
        attachmentCount: policy.AttachmentCount,
        permissionsBoundaryUsageCount: policy.PermissionsBoundaryUsageCount,
        isAttachable: policy.IsAttachable,
        description: policy.Description ?? null,
        createDate: policy.CreateDate,
        updateDate: policy.UpdateDate,
        policyVersionList: versions.map((version) => ({
          document: version.Document,
          versionId: version.VersionId,
          isDefaultVersion: version.IsDefaultVersion,
          createDate: version.CreateDate,
        })),
      }),
      tags: tagMap(policy.Tags),
    },
  );
}

/**
 * Every customer managed policy of the account (ListPolicies with scope `Local`, paginated): Config records
 * no AWS managed policy. IAM is global, so once per account, not per region.
 */
export async function listIamPolicies(client: IAMClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateListPolicies({ client }, { Scope: 'Local' })) {
    for (const policy of page.Policies ?? []) {
      if (policy.Arn === undefined) continue;
      refs.push({
        ...base,
        region: IAM_REGION,
        resourceType: IAM_POLICY_RESOURCE_TYPE,
        lookupId: policy.Arn,
        ...(policy.PolicyId === undefined ? {} : { resourceId: policy.PolicyId }),
      });
    }
  }
  return refs;
}
