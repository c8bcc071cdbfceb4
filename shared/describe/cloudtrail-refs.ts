import type { CloudTrailRecord } from '#shared/pipeline/events';
import type { ResourceRef } from './describer';
import { DESCRIBABLE, DESCRIBABLE_BY_TYPE } from './registry';
import type { CloudTrailExtractor, TouchedResource } from './resource-type';

/** Runs every type's extractor of one call and concatenates what they touched. */
function combined(extractors: readonly CloudTrailExtractor[]): CloudTrailExtractor {
  if (extractors.length === 1 && extractors[0] !== undefined) return extractors[0];
  return (record) => extractors.flatMap((extract): readonly TouchedResource[] => extract(record));
}

function mergeTriggers(): Readonly<Record<string, Readonly<Record<string, CloudTrailExtractor>>>> {
  const bySource = new Map<string, Map<string, CloudTrailExtractor[]>>();
  for (const support of DESCRIBABLE) {
    for (const [eventSource, byName] of Object.entries(support.cloudTrail)) {
      let names = bySource.get(eventSource);
      if (names === undefined) {
        names = new Map();
        bySource.set(eventSource, names);
      }
      for (const [eventName, extractor] of Object.entries(byName)) {
        names.set(eventName, [...(names.get(eventName) ?? []), extractor]);
      }
    }
  }
  return Object.fromEntries(
    [...bySource].map(([eventSource, names]) => [
      eventSource,
      Object.fromEntries([...names].map(([eventName, extractors]) => [eventName, combined(extractors)])),
    ]),
  );
}

/**
 * The write API calls Vigil re-describes a resource for, per event source and event name: the union of
 * every registered type's triggers (a call several types declare, e.g. EC2 `CreateTags`, touches each).
 */
export const CLOUDTRAIL_EXTRACTORS: Readonly<Record<string, Readonly<Record<string, CloudTrailExtractor>>>> =
  mergeTriggers();

/** The EventBridge `source` values whose CloudTrail events Vigil listens to (for the CDK rule pattern). */
export const CLOUDTRAIL_SOURCES: readonly string[] = Object.keys(CLOUDTRAIL_EXTRACTORS).map(
  (eventSource) => `aws.${eventSource.split('.')[0]}`,
);

/** The event names Vigil reacts to, for an EventBridge `detail.eventName` filter. */
export const CLOUDTRAIL_EVENT_NAMES: readonly string[] = [
  ...new Set(Object.values(CLOUDTRAIL_EXTRACTORS).flatMap((byName) => Object.keys(byName))),
].sort();

/**
 * The resources a write API call touched, as refs to describe; empty for calls Vigil does not cover.
 * IAM is global: its events report `us-east-1`, and the account item is built for the event's region.
 * Account-scoped items (`AWS::::Account`, `AWS::S3::AccountPublicAccessBlock`) take the account id as id.
 */
export function refsFromCloudTrail(record: CloudTrailRecord, accountId: string): ResourceRef[] {
  const extractor = CLOUDTRAIL_EXTRACTORS[record.eventSource]?.[record.eventName];
  if (extractor === undefined) return [];
  const captureTime = new Date(record.eventTime).toISOString();
  const seen = new Set<string>();
  const refs: ResourceRef[] = [];
  for (const [resourceType, lookupId, resourceId] of extractor(record)) {
    const id = DESCRIBABLE_BY_TYPE.get(resourceType)?.scope === 'account' ? accountId : lookupId;
    if (id === undefined || seen.has(`${resourceType}|${id}`)) continue;
    seen.add(`${resourceType}|${id}`);
    refs.push({
      accountId,
      region: record.awsRegion,
      resourceType,
      lookupId: id,
      ...(resourceId === undefined ? {} : { resourceId }),
      captureTime,
    });
  }
  return refs;
}
