import { type CloudTrailExtractor, itemIds } from './resource-type';

/**
 * EC2 `CreateTags` and `DeleteTags` for one resource type: CloudTrail logs the tagged resources as
 * `requestParameters.resourcesSet.items[].resourceId`, any mix of EC2 types in one call. Every EC2 type
 * declares these two calls, so each keeps only the ids of its own kind, by prefix (`vol-`, `vpc-`, `i-`,
 * `sg-`, `fl-`; `vpce-` and `vpc-peering` ids do not start with `vpc-`).
 */
export function ec2TagTriggers(
  resourceType: string,
  idPrefix: string,
): Readonly<Record<string, CloudTrailExtractor>> {
  const tagged: CloudTrailExtractor = (record) =>
    itemIds(record.requestParameters, 'resourcesSet', 'resourceId')
      .filter((id) => id.startsWith(idPrefix))
      .map((id) => [resourceType, id] as const);
  return { CreateTags: tagged, DeleteTags: tagged };
}
