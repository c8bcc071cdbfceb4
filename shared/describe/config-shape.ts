import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { ResourceRef } from './describer';

/**
 * Turns an SDK v3 response object into AWS Config's field naming: the first letter of every key in lower
 * case (`DBInstanceIdentifier` → `dBInstanceIdentifier`, `MultiAZ` → `multiAZ`), dates as ISO strings,
 * `undefined` members dropped. This is how Config's Java beans name DescribeX fields.
 */
export function toConfigShape(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toConfigShape);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || key === '$metadata') continue;
    result[key.charAt(0).toLowerCase() + key.slice(1)] = toConfigShape(member);
  }
  return result;
}

/** Same as `toConfigShape` for a value known to be an object. */
export function configObject(value: object): Record<string, unknown> {
  return toConfigShape(value) as Record<string, unknown>;
}

/** `[{Key, Value}]` → `{key: value}`. */
export function tagMap(
  tags: readonly { Key?: string; Value?: string }[] | undefined,
): Record<string, string> {
  const map: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) map[tag.Key] = tag.Value ?? '';
  return map;
}

/** Fields of a described item beyond what the ref already says. */
export interface DescribedParts {
  readonly resourceId: string;
  readonly resourceName?: string;
  readonly arn?: string;
  readonly configuration: Record<string, unknown>;
  readonly supplementaryConfiguration?: Record<string, unknown>;
  readonly tags?: Record<string, string>;
}

/** A present resource's configuration item. */
export function describedItem(ref: ResourceRef, parts: DescribedParts): ConfigurationItem {
  return {
    accountId: ref.accountId,
    region: ref.region,
    resourceType: ref.resourceType,
    resourceId: parts.resourceId,
    ...(parts.resourceName === undefined ? {} : { resourceName: parts.resourceName }),
    ...(parts.arn === undefined ? {} : { arn: parts.arn }),
    captureTime: ref.captureTime,
    status: 'OK',
    configuration: parts.configuration,
    supplementaryConfiguration: parts.supplementaryConfiguration ?? {},
    tags: parts.tags ?? {},
    relationships: [],
  };
}

/** The item of a resource the service no longer knows. */
export function deletedItem(ref: ResourceRef, resourceId: string = ref.lookupId): ConfigurationItem {
  return {
    accountId: ref.accountId,
    region: ref.region,
    resourceType: ref.resourceType,
    resourceId,
    captureTime: ref.captureTime,
    status: 'ResourceDeleted',
    configuration: null,
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
  };
}

/** The HTTP status or error name of an SDK error, for "not found" checks. */
export function errorNameOf(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

/** Runs an optional read: a "not configured" error (by name) yields `undefined`. */
export async function optionalRead<T>(
  read: () => Promise<T>,
  absentErrors: readonly string[],
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (absentErrors.includes(errorNameOf(error))) return undefined;
    throw error;
  }
}
