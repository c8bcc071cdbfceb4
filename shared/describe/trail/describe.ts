import {
  type CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { TRAIL_RESOURCE_TYPE, type TrailSupplementary } from '#shared/resources/cloudtrail';
import { configObject, deletedItem, describedItem, optionalRead } from '../config-shape';
import type { ResourceRef } from '../describer';

const NOT_FOUND: readonly string[] = ['TrailNotFoundException', 'CloudTrailARNInvalidException'];

/** An SDK response as plain JSON in its own (PascalCase) field names: dates as ISO strings, no metadata. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined && key !== '$metadata') result[key] = plain(member);
  }
  return result;
}

/**
 * An `AWS::CloudTrail::Trail` item: DescribeTrails in Config's camelCase, plus the Vigil supplementary keys
 * Config does not record (`TrailStatus` from GetTrailStatus, `EventSelectors`/`AdvancedEventSelectors` from
 * GetEventSelectors); a key stays absent when its read is not permitted. The resource id is the trail name.
 */
export async function describeTrail(client: CloudTrailClient, ref: ResourceRef): Promise<ConfigurationItem> {
  const response = await optionalRead(
    () =>
      client.send(new DescribeTrailsCommand({ trailNameList: [ref.lookupId], includeShadowTrails: true })),
    NOT_FOUND,
  );
  const trail = response?.trailList?.find(
    (candidate) => candidate.Name === ref.lookupId || candidate.TrailARN === ref.lookupId,
  );
  // Config's id of a trail is its name; a call may name it by ARN (`arn:aws:cloudtrail:…:trail/<name>`).
  if (trail?.Name === undefined)
    return deletedItem(ref, ref.lookupId.replace(/^arn:[^:]+:cloudtrail:[^:]*:\d*:trail\//, ''));
  return trailItem(client, ref, trail);
}

async function trailItem(
  client: CloudTrailClient,
  ref: ResourceRef,
  trail: Trail,
): Promise<ConfigurationItem> {
  const name = trail.Name ?? ref.lookupId;
  const id = trail.TrailARN ?? name;
  const denied = [...NOT_FOUND, 'AccessDeniedException', 'UnsupportedOperationException'];
  const [status, selectors] = await Promise.all([
    optionalRead(() => client.send(new GetTrailStatusCommand({ Name: id })), denied),
    optionalRead(() => client.send(new GetEventSelectorsCommand({ TrailName: id })), denied),
  ]);
  const supplementary: Record<string, unknown> = {};
  if (status !== undefined) supplementary.TrailStatus = plain(status) as TrailSupplementary['TrailStatus'];
  if (selectors?.EventSelectors !== undefined) supplementary.EventSelectors = plain(selectors.EventSelectors);
  if (selectors?.AdvancedEventSelectors !== undefined) {
    supplementary.AdvancedEventSelectors = plain(selectors.AdvancedEventSelectors);
  }
  return describedItem(
    { ...ref, resourceType: TRAIL_RESOURCE_TYPE },
    {
      resourceId: name,
      resourceName: name,
      ...(trail.TrailARN === undefined ? {} : { arn: trail.TrailARN }),
      configuration: configObject(trail),
      supplementaryConfiguration: supplementary,
    },
  );
}

/**
 * The trails that apply to the region: its own and, as shadow trails, the multi-region trails of other
 * home regions (what an account-level rule must see).
 */
export async function listTrails(
  client: CloudTrailClient,
  base: Omit<ResourceRef, 'lookupId' | 'resourceType'>,
): Promise<ResourceRef[]> {
  const response = await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  return (response.trailList ?? []).flatMap((trail) =>
    trail.Name === undefined
      ? []
      : [{ ...base, resourceType: TRAIL_RESOURCE_TYPE, lookupId: trail.TrailARN ?? trail.Name }],
  );
}
