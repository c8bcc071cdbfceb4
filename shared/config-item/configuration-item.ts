import { z } from 'zod';
import { InvalidConfigurationItemError } from './errors';

/**
 * Statuses AWS Config gives a configuration item.
 * @see https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigurationItem.html
 */
export const CONFIGURATION_ITEM_STATUSES = [
  'OK',
  'ResourceDiscovered',
  'ResourceNotRecorded',
  'ResourceDeleted',
  'ResourceDeletedNotRecorded',
] as const;

/** Status of a configuration item as AWS Config reports it. */
export type ConfigurationItemStatus = (typeof CONFIGURATION_ITEM_STATUSES)[number];

/** A relationship from one recorded resource to another ("Is attached to Instance", …). */
export interface Relationship {
  readonly name: string;
  readonly resourceType: string;
  readonly resourceId?: string;
  readonly resourceName?: string;
}

/**
 * The one normalized shape every rule sees, whichever of the three AWS shapes it came from
 * (snapshot file, Config API, change notification). `configuration` and the values of
 * `supplementaryConfiguration` are always parsed objects here.
 */
export interface ConfigurationItem<TConfiguration = Record<string, unknown>> {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName?: string;
  readonly arn?: string;
  /** ISO-8601 time AWS Config captured this state; orders items of the same resource. */
  readonly captureTime: string;
  readonly status: ConfigurationItemStatus;
  /** `null` for deleted or not-recorded resources. */
  readonly configuration: TConfiguration | null;
  readonly supplementaryConfiguration: Readonly<Record<string, unknown>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly relationships: readonly Relationship[];
}

/** Who a resource is, as evidence, alerts and remediation records name it. */
export const ResourceIdentitySchema = z.object({
  accountId: z.string().min(1),
  region: z.string().min(1),
  resourceType: z.string().min(1),
  resourceId: z.string().min(1),
  resourceName: z.string().optional(),
  arn: z.string().optional(),
});

/** Who a resource is. */
export type ResourceIdentity = z.infer<typeof ResourceIdentitySchema>;

/** The identity of a resource, from an item or anything naming one (name and ARN only when present). */
export function resourceIdentityOf(item: ResourceIdentity): ResourceIdentity {
  return {
    accountId: item.accountId,
    region: item.region,
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    ...(item.resourceName === undefined ? {} : { resourceName: item.resourceName }),
    ...(item.arn === undefined ? {} : { arn: item.arn }),
  };
}

/** True when the item describes a resource that no longer exists or is no longer recorded. */
export function isDeleted(item: Pick<ConfigurationItem, 'status'>): boolean {
  return item.status !== 'OK' && item.status !== 'ResourceDiscovered';
}

const timestampSchema = z.union([z.string().min(1), z.number(), z.date()]).transform((value, ctx) => {
  // The Config API (and the CLI's JSON) may give epoch seconds; SDK v3 gives Date objects.
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `not a timestamp: ${String(value)}` });
    return z.NEVER;
  }
  return date.toISOString();
});

const jsonObjectSchema = z.record(z.string(), z.unknown());

/** Parses a JSON-encoded object as the Config API delivers `configuration`. */
const jsonStringObjectSchema = z.string().transform((text, ctx) => {
  if (text === '' || text === 'null') return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
    ctx.addIssue({ code: 'custom', message: 'configuration is JSON but not an object' });
  } catch {
    ctx.addIssue({ code: 'custom', message: 'configuration is not valid JSON' });
  }
  return z.NEVER;
});

/** Supplementary values in the API shape are JSON strings; a string that is not JSON stays as is. */
const jsonStringValueSchema = z.unknown().transform((value) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
});

const statusSchema = z.enum(CONFIGURATION_ITEM_STATUSES);

const tagsSchema = z
  .union([z.record(z.string(), z.unknown()), z.array(z.object({ key: z.string(), value: z.unknown() }))])
  .nullish()
  .transform((tags): Record<string, string> => {
    if (!tags) return {};
    const entries = Array.isArray(tags)
      ? tags.map((tag) => [tag.key, tag.value] as const)
      : Object.entries(tags);
    return Object.fromEntries(entries.map(([key, value]) => [key, value == null ? '' : String(value)]));
  });

const commonFields = {
  configurationItemCaptureTime: timestampSchema,
  configurationItemStatus: statusSchema,
  resourceType: z.string().min(1),
  resourceId: z.string().min(1),
  resourceName: z.string().nullish(),
  awsRegion: z.string().min(1),
  tags: tagsSchema,
};

/**
 * A configuration item as AWS Config writes it in snapshot/history files and in change
 * notifications: `awsAccountId`, `ARN`, objects for `configuration`, `relationships[].name`.
 */
export const NotificationConfigurationItemSchema = z.object({
  ...commonFields,
  awsAccountId: z.string().min(1),
  ARN: z.string().nullish(),
  configuration: jsonObjectSchema.nullish(),
  supplementaryConfiguration: jsonObjectSchema.nullish(),
  relationships: z
    .array(
      z.object({
        name: z.string(),
        resourceType: z.string(),
        resourceId: z.string().nullish(),
        resourceName: z.string().nullish(),
      }),
    )
    .nullish(),
});

/**
 * A configuration item as the Config API returns it (`BatchGetResourceConfig`,
 * `GetResourceConfigHistory`): `accountId`, `arn`, JSON strings for `configuration`.
 */
export const ApiConfigurationItemSchema = z.object({
  ...commonFields,
  accountId: z.string().min(1),
  arn: z.string().nullish(),
  configuration: z.union([jsonStringObjectSchema, jsonObjectSchema]).nullish(),
  supplementaryConfiguration: z.record(z.string(), jsonStringValueSchema).nullish(),
  relationships: z
    .array(
      z.object({
        relationshipName: z.string(),
        resourceType: z.string(),
        resourceId: z.string().nullish(),
        resourceName: z.string().nullish(),
      }),
    )
    .nullish(),
});

function optional<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}

/** True when an object looks like an API-shaped item rather than a notification/snapshot one. */
function isApiShaped(raw: Record<string, unknown>): boolean {
  return 'accountId' in raw || 'arn' in raw || typeof raw.configuration === 'string';
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Validates one configuration item in any of AWS's three shapes and returns the normalized form.
 * @throws InvalidConfigurationItemError naming the first fields that failed.
 */
export function normalizeConfigurationItem(raw: unknown): ConfigurationItem {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InvalidConfigurationItemError('configuration item is not an object');
  }
  const record = raw as Record<string, unknown>;
  if (isApiShaped(record)) {
    const parsed = ApiConfigurationItemSchema.safeParse(record);
    if (!parsed.success) throw invalid(record, parsed.error);
    const item = parsed.data;
    return {
      accountId: item.accountId,
      region: item.awsRegion,
      resourceType: item.resourceType,
      resourceId: item.resourceId,
      resourceName: optional(item.resourceName),
      arn: optional(item.arn),
      captureTime: item.configurationItemCaptureTime,
      status: item.configurationItemStatus,
      configuration: item.configuration ?? null,
      supplementaryConfiguration: item.supplementaryConfiguration ?? {},
      tags: item.tags,
      relationships: (item.relationships ?? []).map((relationship) => ({
        name: relationship.relationshipName,
        resourceType: relationship.resourceType,
        resourceId: optional(relationship.resourceId),
        resourceName: optional(relationship.resourceName),
      })),
    };
  }
  const parsed = NotificationConfigurationItemSchema.safeParse(record);
  if (!parsed.success) throw invalid(record, parsed.error);
  const item = parsed.data;
  return {
    accountId: item.awsAccountId,
    region: item.awsRegion,
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    resourceName: optional(item.resourceName),
    arn: optional(item.ARN),
    captureTime: item.configurationItemCaptureTime,
    status: item.configurationItemStatus,
    configuration: item.configuration ?? null,
    supplementaryConfiguration: item.supplementaryConfiguration ?? {},
    tags: item.tags,
    relationships: (item.relationships ?? []).map((relationship) => ({
      name: relationship.name,
      resourceType: relationship.resourceType,
      resourceId: optional(relationship.resourceId),
      resourceName: optional(relationship.resourceName),
    })),
  };
}

function invalid(record: Record<string, unknown>, error: z.ZodError): InvalidConfigurationItemError {
  const resourceType = typeof record.resourceType === 'string' ? record.resourceType : undefined;
  const resourceId = typeof record.resourceId === 'string' ? record.resourceId : undefined;
  const subject = resourceType && resourceId ? `${resourceType} ${resourceId}` : 'configuration item';
  return new InvalidConfigurationItemError(`invalid ${subject}: ${describeIssues(error)}`, {
    cause: error,
    context: { resourceType, resourceId },
  });
}
