import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import type { ResourceRef } from './describer';
import type { ServiceClients, ServiceName } from './service-clients';

/**
 * IAM actions a describer or lister calls, on resource ARN patterns with `{partition}`, `{region}` and
 * `{account}` placeholders (`*` only for actions that support no resource-level permissions), and why.
 */
export interface DescribePermission {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly reason: string;
}

/** A resource a write API call touched: `[resourceType, lookupId, resourceId?]`. */
export type TouchedResource = readonly [string, string | undefined, string?];

/** Which resources one CloudTrail record touched; empty when none of this type. */
export type CloudTrailExtractor = (record: CloudTrailRecord) => readonly TouchedResource[];

/** Write calls that change a type, by CloudTrail `eventSource` then `eventName`. */
export type CloudTrailTriggers = Readonly<Record<string, Readonly<Record<string, CloudTrailExtractor>>>>;

/** What a ref needs beyond the resource itself. */
export type RefBase = Omit<ResourceRef, 'lookupId' | 'resourceType'>;

/**
 * Everything Vigil needs to follow one resource type without AWS Config: how to describe one resource as
 * Config would record it, how to list every resource of the type, which write calls change it, and the IAM
 * actions those reads take. A new type is one folder under `shared/describe/`, registered once in
 * `shared/describe/registry.ts`; the stack's grants, its EventBridge patterns and the `vigil scan --live`
 * policy are derived from these declarations.
 */
export interface DescribableType {
  readonly resourceType: string;
  /** The services whose clients `describe` and `list` use. */
  readonly services: readonly ServiceName[];
  /** Every IAM action `describe` and `list` call. */
  readonly permissions: readonly DescribePermission[];
  /** The write calls that change a resource of the type (and whatever else they touch). */
  readonly cloudTrail: CloudTrailTriggers;
  /**
   * `account`: one item per account and region whose id is the account id; `global`: the type belongs to a
   * global service (IAM) and is read once per account, not per region. Regional when absent.
   */
  readonly scope?: 'account' | 'global';
  /** The item of one resource as of now; status `ResourceDeleted` when the resource is gone. */
  describe(clients: ServiceClients, ref: ResourceRef): Promise<ConfigurationItem>;
  /** Every resource of the type in the clients' region (or account, for global types). */
  list(clients: ServiceClients, base: RefBase): Promise<ResourceRef[]>;
}

/** Reads a string at a path of nested records; `undefined` when any step is missing, empty or not a string. */
export function stringAt(root: unknown, ...path: string[]): string | undefined {
  let current: unknown = root;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Readonly<Record<string, unknown>>)[step];
  }
  return typeof current === 'string' && current !== '' ? current : undefined;
}

/** EC2 item sets look like `{instancesSet: {items: [{instanceId}]}}`: the ids named in one. */
export function itemIds(root: unknown, setName: string, idName: string): string[] {
  if (root === null || typeof root !== 'object') return [];
  const set = (root as Readonly<Record<string, unknown>>)[setName];
  if (set === null || typeof set !== 'object') return [];
  const items = (set as Readonly<Record<string, unknown>>).items;
  if (!Array.isArray(items)) return [];
  return items.flatMap((entry) => {
    const id = stringAt(entry, idName);
    return id === undefined ? [] : [id];
  });
}

/** The same extractor for every named call of one event source. */
export function sameExtractor(
  eventNames: readonly string[],
  extractor: CloudTrailExtractor,
): Readonly<Record<string, CloudTrailExtractor>> {
  return Object.fromEntries(eventNames.map((name) => [name, extractor]));
}

/** One entry for all `*` actions, then one per resource pattern; actions sorted and unique. */
export function mergeDescribePermissions(
  permissions: readonly DescribePermission[],
): readonly DescribePermission[] {
  const byResources = new Map<
    string,
    { actions: Set<string>; resources: readonly string[]; reasons: Set<string> }
  >();
  for (const permission of permissions) {
    const key = [...permission.resources].sort().join(' ');
    const entry = byResources.get(key) ?? {
      actions: new Set(),
      resources: permission.resources,
      reasons: new Set(),
    };
    for (const action of permission.actions) entry.actions.add(action);
    entry.reasons.add(permission.reason);
    byResources.set(key, entry);
  }
  const merged = [...byResources.entries()]
    .sort(([a], [b]) => (a === '*' ? -1 : b === '*' ? 1 : a.localeCompare(b)))
    .map(([, entry]) => ({
      actions: [...entry.actions].sort(),
      resources: entry.resources,
      reason: [...entry.reasons].join(' '),
    }));
  return merged;
}
