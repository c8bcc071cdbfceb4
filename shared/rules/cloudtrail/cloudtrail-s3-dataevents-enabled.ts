import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { InvalidConfigurationItemError } from '#shared/config-item/errors';
import {
  type AdvancedEventSelector,
  type EventSelector,
  liveTrails,
  readTrail,
  TRAIL_RESOURCE_TYPE,
} from '#shared/resources/cloudtrail';
import { ACCOUNT_RESOURCE_TYPE, compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** The S3 object data events a trail's selectors record: every bucket, or whole named buckets. */
interface S3DataEventCoverage {
  readonly allBuckets: boolean;
  readonly buckets: ReadonlySet<string>;
}

/** `arn:<partition>:s3` or `arn:<partition>:s3:::`: the value CloudTrail takes for "all current and future buckets". */
const ALL_BUCKETS = /^arn:[^:]+:s3(?::::?)?$/;
/** `arn:<partition>:s3:::<bucket>/`: every object of one bucket (a longer prefix covers part of it). */
const WHOLE_BUCKET = /^arn:[^:]+:s3:::([^/]+)\/$/;

/** Advanced selector fields that do not narrow which S3 object events are recorded. */
const NEUTRAL_FIELDS = new Set(['eventCategory', 'resources.type', 'resources.ARN', 'readOnly']);

function strings(value: unknown): readonly string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

/** A Vigil supplementary selector list of a trail item; `undefined` when not collected. */
function selectorList<T>(item: ConfigurationItem, key: string): readonly T[] | undefined {
  const value = item.supplementaryConfiguration[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    throw new InvalidConfigurationItemError(
      `${item.resourceType} ${item.resourceId}: supplementaryConfiguration.${key} must be a list`,
      { context: { resourceType: item.resourceType, resourceId: item.resourceId, key } },
    );
  }
  return value as readonly T[];
}

function basicCoverage(selectors: readonly EventSelector[]): S3DataEventCoverage {
  const buckets = new Set<string>();
  let allBuckets = false;
  for (const selector of selectors) {
    for (const resource of selector.DataResources ?? []) {
      if (resource.Type !== 'AWS::S3::Object') continue;
      for (const value of strings(resource.Values)) {
        if (ALL_BUCKETS.test(value)) allBuckets = true;
        const bucket = WHOLE_BUCKET.exec(value)?.[1];
        if (bucket !== undefined) buckets.add(bucket);
      }
    }
  }
  return { allBuckets, buckets };
}

function advancedCoverage(selectors: readonly AdvancedEventSelector[]): S3DataEventCoverage {
  const buckets = new Set<string>();
  let allBuckets = false;
  for (const selector of selectors) {
    const fields = selector.FieldSelectors ?? [];
    const equals = (name: string) => fields.find((entry) => entry.Field === name)?.Equals ?? [];
    if (!strings(equals('eventCategory')).includes('Data')) continue;
    if (!strings(equals('resources.type')).includes('AWS::S3::Object')) continue;
    // eventName, eventSource, userIdentity.arn and the like record only some S3 object events.
    if (fields.some((entry) => entry.Field === undefined || !NEUTRAL_FIELDS.has(entry.Field))) continue;
    const arnFields = fields.filter((entry) => entry.Field === 'resources.ARN');
    if (arnFields.length === 0) {
      allBuckets = true;
      continue;
    }
    // Only a positive StartsWith on whole buckets, with no exclusions, is counted.
    const [arn, ...others] = arnFields;
    if (others.length > 0 || arn === undefined) continue;
    const excluding = [arn.Equals, arn.NotEquals, arn.NotStartsWith, arn.EndsWith, arn.NotEndsWith];
    if (excluding.some((values) => strings(values).length > 0)) continue;
    for (const value of strings(arn.StartsWith)) {
      if (ALL_BUCKETS.test(value)) allBuckets = true;
      const bucket = WHOLE_BUCKET.exec(value)?.[1];
      if (bucket !== undefined) buckets.add(bucket);
    }
  }
  return { allBuckets, buckets };
}

/**
 * The S3 data events a trail records; `undefined` when its custom selectors were not collected. A trail
 * without custom selectors records management events only.
 */
function s3DataEventCoverage(item: ConfigurationItem): S3DataEventCoverage | undefined {
  const advanced = selectorList<AdvancedEventSelector>(item, 'AdvancedEventSelectors');
  if (advanced !== undefined && advanced.length > 0) return advancedCoverage(advanced);
  const basic = selectorList<EventSelector>(item, 'EventSelectors');
  if (basic !== undefined) return basicCoverage(basic);
  if (advanced !== undefined) return { allBuckets: false, buckets: new Set() };
  const custom = item.configuration?.hasCustomEventSelectors ?? item.configuration?.HasCustomEventSelectors;
  return custom === true ? undefined : { allBuckets: false, buckets: new Set() };
}

/**
 * At least one logging CloudTrail trail records S3 object data events for all S3 buckets, or, with
 * `S3BucketNames`, for each named bucket (a basic selector value or advanced `resources.ARN` StartsWith of
 * `arn:aws:s3:::<bucket>/`, or all buckets). Read and write events alike count (the page does not say which);
 * a selector narrowed by event name, source or caller, or by excluded ARNs, is not counted. A trail whose
 * logging is stopped does not count. Judged on the account item from the inventory's trails (Vigil
 * supplementary keys `TrailStatus`, `EventSelectors`, `AdvancedEventSelectors`); when no trail qualifies and
 * one could not be judged (its logging status or custom selectors not collected), the verdict is
 * NOT_APPLICABLE with the reason.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-s3-dataevents-enabled.html
 */
export const cloudtrailS3DataeventsEnabled = {
  id: 'cloudtrail-s3-dataevents-enabled',
  title: 'A CloudTrail trail records S3 data events for all S3 buckets',
  resourceTypes: [ACCOUNT_RESOURCE_TYPE],
  reads: [TRAIL_RESOURCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    S3BucketNames: {
      type: 'string-list',
      default: [],
      description: 'Buckets whose data events must be logged, comma-separated; empty requires all buckets.',
    },
  },
  rationale:
    'Object-level events (GetObject, PutObject, DeleteObject) are the only record of who read or changed the data in a bucket; management events do not show them.',
  remediationAdvice:
    'Add an S3 data event selector to a logging trail: `aws cloudtrail put-event-selectors --trail-name <trail> --advanced-event-selectors \'[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]}]}]\'`.',
  evaluate(_item, { parameters, inventory }) {
    const trails = liveTrails(inventory.itemsOfType(TRAIL_RESOURCE_TYPE));
    if (trails.length === 0) {
      return inventory.collects(TRAIL_RESOURCE_TYPE)
        ? nonCompliant('No CloudTrail trail is recorded in this account.')
        : notApplicable('CloudTrail trails were not collected (no trail describer on this path).');
    }
    const required = parameters.S3BucketNames;
    const uncollected: string[] = [];
    const partial: string[] = [];
    for (const item of trails) {
      const trail = readTrail(item);
      if (trail.logging === false) continue;
      const coverage = s3DataEventCoverage(item);
      if (coverage === undefined) {
        uncollected.push(`the event selectors of trail ${trail.name}`);
        continue;
      }
      const missing = coverage.allBuckets ? [] : required.filter((bucket) => !coverage.buckets.has(bucket));
      const covers = coverage.allBuckets || (required.length > 0 && missing.length === 0);
      if (covers && trail.logging === undefined) {
        uncollected.push(`whether trail ${trail.name} is logging`);
        continue;
      }
      if (covers) {
        return compliant(
          `Trail ${trail.name} records S3 data events for ${coverage.allBuckets ? 'all buckets' : required.join(', ')}.`,
        );
      }
      if (coverage.buckets.size > 0) partial.push(`${trail.name} (${[...coverage.buckets].join(', ')})`);
    }
    if (uncollected.length > 0) {
      return notApplicable(
        `No trail is known to record the S3 data events; not collected: ${uncollected.join(', ')}.`,
      );
    }
    const wanted = required.length === 0 ? 'all S3 buckets' : required.join(', ');
    return nonCompliant(
      `No logging trail records S3 data events for ${wanted}` +
        (partial.length > 0 ? `; only some buckets: ${partial.join('; ')}.` : '.'),
    );
  },
} as const satisfies Rule<{ S3BucketNames: readonly string[] }>;
