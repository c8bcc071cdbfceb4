import { isDeleted } from '#shared/config-item/configuration-item';
import type { ConfigRecorder } from '#shared/config-recorder/config-recorder';
import type { ResourceDescriber, ResourceRef } from '#shared/describe/describer';
import type { InventoryRef } from '#shared/rules/inventory';
import { mapWithConcurrency } from './concurrency';
import { DEFAULT_INVENTORY_TTL_MS, type InventorySource } from './inventory-provider';
import { SingleFlightCache } from './single-flight-cache';

/** Describe calls in flight while reading an inventory through the service APIs. */
const DESCRIBE_CONCURRENCY = 4;

function refKey(ref: InventoryRef): string {
  return `${ref.resourceType}|${ref.resourceId}`;
}

/**
 * The inventory as the Config recorder holds it: whole types by `ListDiscoveredResources` then
 * `BatchGetResourceConfig`, named resources by `BatchGetResourceConfig` alone (the recorder of this region;
 * a resource it has not recorded is left out).
 */
export function configInventorySource(recorder: ConfigRecorder): InventorySource {
  return {
    async itemsOfTypes(_accountId, types) {
      const keys = (await Promise.all(types.map((type) => recorder.listResources(type)))).flat();
      return keys.length === 0 ? [] : recorder.batchGet(keys);
    },
    async itemsOf(_accountId, refs) {
      const items = await recorder.batchGet(refs);
      const byKey = new Map(items.filter((item) => !isDeleted(item)).map((item) => [refKey(item), item]));
      return refs.map((ref) => byKey.get(refKey(ref)));
    },
  };
}

/**
 * The inventory read through the service APIs, for accounts without a recorder. Whole types are listed and
 * every resource described. A named resource is looked up in its type's listing (one list call per type
 * and `ttlMs`, e.g. one `ListBuckets` for up to 10,000 buckets), which gives its region and keeps
 * resources of other accounts out, and only it is described.
 */
export function describeInventorySource(
  describer: ResourceDescriber,
  options: { readonly ttlMs?: number; readonly now?: () => number } = {},
): InventorySource {
  const listings = new SingleFlightCache<ReadonlyMap<string, ResourceRef>>({
    ttlMs: options.ttlMs ?? DEFAULT_INVENTORY_TTL_MS,
    now: options.now ?? Date.now,
  });
  const describeAll = async (refs: readonly ResourceRef[]) =>
    mapWithConcurrency(refs, DESCRIBE_CONCURRENCY, async (ref) => {
      const item = await describer.describe(ref);
      return isDeleted(item) ? undefined : item;
    });
  return {
    canRead: (resourceType) => describer.supportedTypes.includes(resourceType),
    async itemsOfTypes(accountId, types) {
      const now = new Date().toISOString();
      const describable = types.filter((type) => describer.supportedTypes.includes(type));
      const refs = (
        await Promise.all(describable.map((type) => describer.listRefs(type, accountId, now)))
      ).flat();
      return (await describeAll(refs)).filter((item) => item !== undefined);
    },
    async itemsOf(accountId, refs) {
      const now = new Date().toISOString();
      const types = [
        ...new Set(
          refs.map((ref) => ref.resourceType).filter((type) => describer.supportedTypes.includes(type)),
        ),
      ];
      const listed = new Map(
        await Promise.all(
          types.map(
            async (type) =>
              [
                type,
                await listings.get(`${accountId}|${type}`, async () => {
                  const found = await describer.listRefs(type, accountId, now);
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
