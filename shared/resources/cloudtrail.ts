import { type ConfigurationItem, isDeleted } from '#shared/config-item/configuration-item';
import { InvalidConfigurationItemError } from '#shared/config-item/errors';
import { oncePerItem } from '#shared/config-item/once-per-item';
import { objectOf, objectsOf } from '#shared/resources/json-values';

/** Resource type of CloudTrail trails in AWS Config. */
export const TRAIL_RESOURCE_TYPE = 'AWS::CloudTrail::Trail';

/**
 * The `configuration` of an `AWS::CloudTrail::Trail` item as AWS Config records it: the DescribeTrails
 * fields in camelCase (note `snsTopicARN`, `trailARN`). Items built from DescribeTrails or CloudFormation
 * (PascalCase: `IsMultiRegionTrail`, `KmsKeyId`/`KMSKeyId`, `IsLogging`, …) are read too.
 * Config records neither the logging status nor the event selectors; Vigil's describer adds them as
 * supplementary keys, see `TrailSupplementary`.
 */
export type TrailConfiguration = {
  readonly name?: string;
  readonly trailARN?: string;
  readonly homeRegion?: string;
  readonly isMultiRegionTrail?: boolean;
  readonly isOrganizationTrail?: boolean;
  readonly includeGlobalServiceEvents?: boolean;
  readonly logFileValidationEnabled?: boolean;
  readonly kmsKeyId?: string | null;
  readonly cloudWatchLogsLogGroupArn?: string | null;
  readonly cloudWatchLogsRoleArn?: string | null;
  readonly s3BucketName?: string;
  readonly snsTopicARN?: string | null;
  readonly hasCustomEventSelectors?: boolean;
};

/** A basic event selector as `GetEventSelectors` returns it. */
export type EventSelector = {
  readonly ReadWriteType?: string;
  readonly IncludeManagementEvents?: boolean;
  readonly ExcludeManagementEventSources?: readonly string[];
  readonly DataResources?: readonly { readonly Type?: string; readonly Values?: readonly string[] }[];
};

/** One field condition of an advanced event selector. */
export type AdvancedFieldSelector = {
  readonly Field?: string;
  readonly Equals?: readonly string[];
  readonly NotEquals?: readonly string[];
  readonly StartsWith?: readonly string[];
  readonly NotStartsWith?: readonly string[];
  readonly EndsWith?: readonly string[];
  readonly NotEndsWith?: readonly string[];
};

/** An advanced event selector as `GetEventSelectors` returns it. */
export type AdvancedEventSelector = {
  readonly Name?: string;
  readonly FieldSelectors?: readonly AdvancedFieldSelector[];
};

/**
 * Vigil supplementary keys of a trail item (the describer fills them; AWS Config records none of them):
 * - `TrailStatus`: `GetTrailStatus` output (`IsLogging`, `LatestCloudWatchLogsDeliveryTime`, …);
 * - `EventSelectors`: the `EventSelectors` list of `GetEventSelectors` (absent when the trail uses advanced selectors);
 * - `AdvancedEventSelectors`: the `AdvancedEventSelectors` list of `GetEventSelectors`.
 * An absent key means "not collected".
 */
export type TrailSupplementary = {
  readonly TrailStatus?: {
    readonly IsLogging?: boolean;
    readonly LatestCloudWatchLogsDeliveryTime?: string;
    readonly LatestDeliveryTime?: string;
  };
  readonly EventSelectors?: readonly EventSelector[];
  readonly AdvancedEventSelectors?: readonly AdvancedEventSelector[];
};

/** Which CloudTrail API events a selector records. */
export type ReadWriteType = 'ReadOnly' | 'WriteOnly' | 'All';

/** The management events a trail records, as far as its selectors tell. */
export interface ManagementEventCoverage {
  /** Management events recorded by selectors without exclusions; undefined when none are. */
  readonly readWriteType: ReadWriteType | undefined;
  /** Restrictions of management selectors that exclude event sources (e.g. `kms.amazonaws.com`). */
  readonly exclusions: readonly string[];
  /** Where the answer came from: the trail's default selector, or its basic or advanced selectors. */
  readonly source: 'default' | 'EventSelectors' | 'AdvancedEventSelectors';
}

/** A trail's settings, read from either casing and from Vigil's supplementary keys. */
export interface TrailSettings {
  readonly name: string;
  readonly arn: string | undefined;
  readonly homeRegion: string | undefined;
  readonly multiRegion: boolean;
  /** `undefined` when the logging status was not collected. */
  readonly logging: boolean | undefined;
  /** `undefined` when not recorded (DescribeTrails and Config always give it). */
  readonly logFileValidation: boolean | undefined;
  readonly kmsKeyId: string | undefined;
  readonly cloudWatchLogsLogGroupArn: string | undefined;
  readonly s3BucketName: string | undefined;
  readonly snsTopicArn: string | undefined;
  /** `undefined` when the trail has custom selectors that were not collected. */
  readonly managementEvents: ManagementEventCoverage | undefined;
  /** `GetTrailStatus.LatestCloudWatchLogsDeliveryTime`, when collected. */
  readonly latestCloudWatchLogsDelivery: string | undefined;
  /** Whether `GetTrailStatus` (Vigil's `TrailStatus` key) was collected at all. */
  readonly statusCollected: boolean;
}

function field(config: Readonly<Record<string, unknown>>, ...names: string[]): unknown {
  for (const name of names) {
    const value = config[name];
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function list(
  item: ConfigurationItem,
  key: string,
): readonly Readonly<Record<string, unknown>>[] | undefined {
  const value = item.supplementaryConfiguration[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((entry) => objectOf(entry) !== undefined)) {
    throw new InvalidConfigurationItemError(
      `${item.resourceType} ${item.resourceId}: supplementaryConfiguration.${key} must be a list of objects`,
      { context: { resourceType: item.resourceType, resourceId: item.resourceId, key } },
    );
  }
  return value as Readonly<Record<string, unknown>>[];
}

function strings(value: unknown): readonly string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function union(types: readonly ReadWriteType[]): ReadWriteType | undefined {
  if (types.includes('All') || (types.includes('ReadOnly') && types.includes('WriteOnly'))) return 'All';
  return types[0];
}

function basicCoverage(selectors: readonly Readonly<Record<string, unknown>>[]): ManagementEventCoverage {
  const covered: ReadWriteType[] = [];
  const exclusions: string[] = [];
  for (const selector of selectors) {
    // The API defaults IncludeManagementEvents to true and ReadWriteType to All.
    if (selector.IncludeManagementEvents === false) continue;
    const type = parseReadWriteType(selector.ReadWriteType) ?? 'All';
    const excluded = strings(selector.ExcludeManagementEventSources);
    if (excluded.length > 0) exclusions.push(`excludes ${excluded.join(', ')}`);
    else covered.push(type);
  }
  return { readWriteType: union(covered), exclusions, source: 'EventSelectors' };
}

function advancedCoverage(selectors: readonly Readonly<Record<string, unknown>>[]): ManagementEventCoverage {
  const covered: ReadWriteType[] = [];
  const exclusions: string[] = [];
  for (const selector of selectors) {
    const fields = objectsOf(selector.FieldSelectors);
    const category = fields.find((entry) => entry.Field === 'eventCategory');
    if (!category || !strings(category.Equals).includes('Management')) continue;
    const readOnly = fields.find((entry) => entry.Field === 'readOnly');
    let type: ReadWriteType = 'All';
    if (readOnly) {
      const equals = strings(readOnly.Equals);
      const notEquals = strings(readOnly.NotEquals);
      if (equals.length === 1) type = equals[0] === 'true' ? 'ReadOnly' : 'WriteOnly';
      else if (notEquals.length === 1) type = notEquals[0] === 'true' ? 'WriteOnly' : 'ReadOnly';
    }
    const source = fields.find((entry) => entry.Field === 'eventSource');
    if (source) {
      const [operator, values] =
        Object.entries(source).find(([key, value]) => key !== 'Field' && strings(value).length > 0) ?? [];
      exclusions.push(`limits eventSource (${operator ?? 'unknown'} ${strings(values).join(', ')})`);
    } else {
      covered.push(type);
    }
  }
  return { readWriteType: union(covered), exclusions, source: 'AdvancedEventSelectors' };
}

/** Reads `ReadOnly`/`WriteOnly`/`All` in any case; undefined for anything else. */
export function parseReadWriteType(value: unknown): ReadWriteType | undefined {
  if (typeof value !== 'string') return undefined;
  switch (value.trim().toLowerCase()) {
    case 'readonly':
      return 'ReadOnly';
    case 'writeonly':
      return 'WriteOnly';
    case 'all':
      return 'All';
    default:
      return undefined;
  }
}

/** Whether recording `recorded` events satisfies a requirement to record `required` events. */
export function readWriteTypeCovers(recorded: ReadWriteType, required: ReadWriteType): boolean {
  return recorded === 'All' || recorded === required;
}

/**
 * The management events a trail records. With no custom selectors a trail records all management events
 * (read and write); with custom selectors that were not collected the answer is unknown (`undefined`).
 * @throws InvalidConfigurationItemError when a selector key is not a list of objects.
 */
export function managementEventCoverage(item: ConfigurationItem): ManagementEventCoverage | undefined {
  const advanced = list(item, 'AdvancedEventSelectors');
  if (advanced && advanced.length > 0) return advancedCoverage(advanced);
  const basic = list(item, 'EventSelectors');
  if (basic && basic.length > 0) return basicCoverage(basic);
  // Selectors were collected and are empty: the trail records no management events.
  if (advanced !== undefined || basic !== undefined)
    return { readWriteType: undefined, exclusions: [], source: 'EventSelectors' };
  const custom = field(item.configuration ?? {}, 'hasCustomEventSelectors', 'HasCustomEventSelectors');
  if (custom === true) return undefined;
  // No custom selectors: the trail's default selector records every management event.
  return { readWriteType: 'All', exclusions: [], source: 'default' };
}

/** Strips the `:*` CloudTrail appends to log group ARNs, so both spellings compare equal. */
export function normalizeLogGroupArn(arn: string): string {
  return arn.endsWith(':*') ? arn.slice(0, -2) : arn;
}

/**
 * A trail item's settings in one shape.
 * @throws InvalidConfigurationItemError when a Vigil supplementary key has the wrong shape.
 */
export const readTrail: (item: ConfigurationItem) => TrailSettings = oncePerItem((item) => {
  const config = item.configuration ?? {};
  const status = objectOf(item.supplementaryConfiguration.TrailStatus);
  const logging = field(status ?? {}, 'IsLogging') ?? field(config, 'isLogging', 'IsLogging');
  const validation = field(
    config,
    'logFileValidationEnabled',
    'LogFileValidationEnabled',
    'EnableLogFileValidation',
  );
  return {
    name: text(field(config, 'name', 'Name', 'TrailName')) ?? item.resourceName ?? item.resourceId,
    arn: text(field(config, 'trailARN', 'TrailARN', 'trailArn', 'Arn')) ?? item.arn,
    homeRegion: text(field(config, 'homeRegion', 'HomeRegion')),
    multiRegion: field(config, 'isMultiRegionTrail', 'IsMultiRegionTrail') === true,
    logging: typeof logging === 'boolean' ? logging : undefined,
    logFileValidation: typeof validation === 'boolean' ? validation : undefined,
    kmsKeyId: text(field(config, 'kmsKeyId', 'KmsKeyId', 'KMSKeyId')),
    cloudWatchLogsLogGroupArn: text(field(config, 'cloudWatchLogsLogGroupArn', 'CloudWatchLogsLogGroupArn')),
    s3BucketName: text(field(config, 's3BucketName', 'S3BucketName')),
    snsTopicArn: text(field(config, 'snsTopicARN', 'SnsTopicARN', 'snsTopicArn', 'SnsTopicArn')),
    managementEvents: managementEventCoverage(item),
    latestCloudWatchLogsDelivery: text(field(status ?? {}, 'LatestCloudWatchLogsDeliveryTime')),
    statusCollected: status !== undefined,
  };
});

/** The current (not deleted) trail items of an inventory list. */
export function liveTrails(items: readonly ConfigurationItem[]): readonly ConfigurationItem[] {
  return items.filter((item) => item.resourceType === TRAIL_RESOURCE_TYPE && !isDeleted(item));
}
