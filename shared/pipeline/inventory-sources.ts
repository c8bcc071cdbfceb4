import { isDeleted } from '#shared/config-item/configuration-item';
import type { ConfigAggregator } from '#shared/config-recorder/config-aggregator';
import type { ConfigRecorder } from '#shared/config-recorder/config-recorder';
import type { ResourceDescriber, ResourceRef } from '#shared/describe/describer';
import type { InventoryRef } from '#shared/rules/inventory';
import { mapWithConcurrency } from './concurrency';
import { DEFAULT_INVENTORY_TTL_MS, type InventoryScope, type InventorySource } from './inventory-provider';
import { SingleFlightCache } from './single-flight-cache';

/** Describe calls in flight while reading an inventory through the service APIs. */
const DESCRIBE_CONCURRENCY = 4;

function refKey(ref: InventoryRef): string {
  return `${ref.resourceType}|${ref.resourceId}`;
}

/** The recorder (or describer) of one account and region, or the one of a single-region deployment. */
type PerScope<T> = T | ((accountId: string, region: string) => T);

function resolve<T>(perScope: PerScope<T>, accountId: string, region: string): T {
  return typeof perScope === 'function'
    ? (perScope as (accountId: string, region: string) => T)(accountId, region)
    : perScope;
}

/**
 * The inventory as the Config recorder holds it: whole types by `ListDiscoveredResources` then
 * `BatchGetResourceConfig`, named resources by `BatchGetResourceConfig` alone (the recorder of the judged
 * item's account and region; a resource it has not recorded is left out).
 */
export function configInventorySource(recorders: PerScope<ConfigRecorder>): InventorySource {
  return {
    async itemsOfTypes(scope, types) {
      const recorder = resolve(recorders, scope.accountId, scope.region);
      const keys = (await Promise.all(types.map((type) => recorder.listResources(type)))).flat();
      return keys.length === 0 ? [] : recorder.batchGet(keys);
    },
    async itemsOf(scope, refs) {
      const items = await resolve(recorders, scope.accountId, scope.region).batchGet(refs);
      const byKey = new Map(items.filter((item) => !isDeleted(item)).map((item) => [refKey(item), item]));
      return refs.map((ref) => byKey.get(refKey(ref)));
    },
  };
}

/**
 * The inventory read through the service APIs, for accounts without a recorder. Whole types are listed and
 * every resource described. A named resource is looked up in its type's listing (one list call per type
 * and `ttlMs`, e.g. one `ListBuckets` for up to 10,000 buckets), which gives its region and keeps
 * resources of other accounts out, and only it is described. Each resource is described in its own account
 * and region (`describers` per scope; a single describer serves one-region deployments).
 */
export function describeInventorySource(
  describers: PerScope<ResourceDescriber>,
  options: {
    readonly ttlMs?: number;
    readonly now?: () => number;
    /** Types any describer can build (default: those of `describers` when it is one describer). */
    readonly supportedTypes?: readonly string[];
  } = {},
): InventorySource {
  const listings = new SingleFlightCache<ReadonlyMap<string, ResourceRef>>({
    ttlMs: options.ttlMs ?? DEFAULT_INVENTORY_TTL_MS,
    now: options.now ?? Date.now,
  });
  const supported =
    options.supportedTypes ?? (typeof describers === 'function' ? [] : describers.supportedTypes);
  const describeAll = async (refs: readonly ResourceRef[]) =>
    mapWithConcurrency(refs, DESCRIBE_CONCURRENCY, async (ref) => {
      const item = await resolve(describers, ref.accountId, ref.region).describe(ref);
      return isDeleted(item) ? undefined : item;
    });
  const listRefs = (scope: InventoryScope, type: string, now: string) =>
    resolve(describers, scope.accountId, scope.region).listRefs(type, scope.accountId, now);
  return {
    canRead: (resourceType) => supported.includes(resourceType),
    async itemsOfTypes(scope, types) {
      const now = new Date().toISOString();
      const describable = types.filter((type) => supported.includes(type));
      const refs = (await Promise.all(describable.map((type) => listRefs(scope, type, now)))).flat();
      return (await describeAll(refs)).filter((item) => item !== undefined);
    },
    async itemsOf(scope, refs) {
      const now = new Date().toISOString();
      const types = [
        ...new Set(refs.map((ref) => ref.resourceType).filter((type) => supported.includes(type))),
      ];
      const listed = new Map(
        await Promise.all(
          types.map(
            async (type) =>
              [
                type,
                await listings.get(`${scope.accountId}|${scope.region}|${type}`, async () => {
                  const found = await listRefs(scope, type, now);
                  return new Map(found.map((ref) => [ref.resourceId ?? ref.lookupId, ref]));
                }),
              ] as const,
          ),
        ),
      );
      const resolved = refs.map((ref) => listed.get(ref.resourceType)?.get(ref.resourceId));
      const present = resolved.filter((ref) => ref !== undefined);
      const described = await describeAll(present.map((ref) => ({ ...ref, captureTime: now })));
      let next = 0;
      return resolved.map((ref) => (ref === undefined ? undefined : described[next++]));
    },
  };
}

/**
 * The inventory as the organization's Config aggregator holds it (central account, no role assumed):
 * whole types listed page by page for the judged item's account and region, named resources read by
 * `BatchGetAggregateResourceConfig`. Aggregated items carry no tags or relationships.
 */
export function aggregatorInventorySource(aggregator: ConfigAggregator): InventorySource {
  return {
    async itemsOfTypes(scope, types) {
      const keys = [];
      for (const resourceType of types) {
        let token: string | undefined;
        do {
          const page = await aggregator.listPage({ ...scope, resourceType }, token);
          keys.push(...page.keys);
          token = page.nextToken;
        } while (token !== undefined);
      }
      return keys.length === 0 ? [] : aggregator.batchGet(scope, keys);
    },
    async itemsOf(scope, refs) {
      const items = await aggregator.batchGet(scope, refs);
      const byKey = new Map(items.filter((item) => !isDeleted(item)).map((item) => [refKey(item), item]));
      return refs.map((ref) => byKey.get(refKey(ref)));
    },
  };
}
