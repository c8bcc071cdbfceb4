import { type ConfigurationItem, isDeleted } from '#shared/config-item/configuration-item';
import {
  createInventory,
  type Inventory,
  type InventoryReads,
  type InventoryRef,
} from '#shared/rules/inventory';
import { SingleFlightCache } from './single-flight-cache';

/** Supplies the account inventory that rules with `reads` need to judge one item. */
export interface InventoryProvider {
  /** An inventory holding at least what `reads` asks for (see `RuleEngine.inventoryReads`), plus `item`. */
  inventoryFor(item: ConfigurationItem, reads: InventoryReads): Promise<Inventory>;
  /**
   * Keeps items just read by other means (a sweep's chunk, the resource a CloudTrail call changed), so that
   * a rule naming one of them costs no read of its own.
   */
  remember?(items: readonly ConfigurationItem[]): void;
}

/** The account and region an inventory read is about: those of the item being judged. */
export interface InventoryScope {
  readonly accountId: string;
  readonly region: string;
}

/** Where a cached provider reads the account's resources (the Config recorder, or the service APIs). */
export interface InventorySource {
  /** The current items of whole resource types. */
  itemsOfTypes(
    scope: InventoryScope,
    resourceTypes: readonly string[],
  ): Promise<readonly ConfigurationItem[]>;
  /**
   * The current items of named resources, one per ref in order; undefined for a resource this source
   * cannot see (deleted, another account, a type it cannot read).
   */
  itemsOf(
    scope: InventoryScope,
    refs: readonly InventoryRef[],
  ): Promise<readonly (ConfigurationItem | undefined)[]>;
  /**
   * Whether the source can read a type at all; absent, every type (the Config recorder: a type it holds
   * no item of has none, as AWS Config's own rules read it).
   */
  canRead?(resourceType: string): boolean;
}

/** An inventory provider that only knows the item being judged (no other type is collected). */
export const SELF_ONLY_INVENTORY: InventoryProvider = {
  inventoryFor: async (item) =>
    createInventory([item], { collects: (resourceType) => resourceType === item.resourceType }),
};

/** How long a container keeps what it read of the account, by default. */
export const DEFAULT_INVENTORY_TTL_MS = 60_000;

function scopeKey(scope: InventoryScope): string {
  return `${scope.accountId}|${scope.region}`;
}

function resourceKey(scope: InventoryScope, resourceType: string, resourceId: string): string {
  return `${scopeKey(scope)}|${resourceType}|${resourceId}`;
}

/**
 * Reads only what the applicable rules need, and keeps it for `ttlMs` per container so that a burst of
 * change events does not re-read the account each time: whole types (per type) for rules that `reads` them,
 * and single resources (per resource) for rules that name them with `readsOf`. Reads are single-flight:
 * concurrent misses of a type or resource (a sweep's 16 items at once) share one read, and a failed read
 * is not kept.
 */
export function cachedInventoryProvider(
  source: InventorySource,
  options: { readonly ttlMs?: number; readonly now?: () => number } = {},
): InventoryProvider {
  const cacheOptions = { ttlMs: options.ttlMs ?? DEFAULT_INVENTORY_TTL_MS, now: options.now ?? Date.now };
  const typeCache = new SingleFlightCache<readonly ConfigurationItem[]>(cacheOptions);
  const resourceCache = new SingleFlightCache<ConfigurationItem | undefined>(cacheOptions);

  const itemsOfTypes = async (scope: InventoryScope, types: readonly string[]) => {
    if (types.length === 0) return [];
    const prefix = `${scopeKey(scope)}|`;
    const lists = await typeCache.getMany(
      types.map((type) => prefix + type),
      async (keys) => {
        const wanted = keys.map((key) => key.slice(prefix.length));
        const items = await source.itemsOfTypes(scope, wanted);
        return wanted.map((type) => items.filter((candidate) => candidate.resourceType === type));
      },
    );
    return lists.flat();
  };

  const itemsOf = async (scope: InventoryScope, refs: readonly InventoryRef[]) => {
    if (refs.length === 0) return [];
    const byKey = new Map<string, InventoryRef>();
    for (const ref of refs) byKey.set(resourceKey(scope, ref.resourceType, ref.resourceId), ref);
    const items = await resourceCache.getMany([...byKey.keys()], (keys) =>
      source.itemsOf(
        scope,
        keys.flatMap((key) => byKey.get(key) ?? []),
      ),
    );
    return items.flatMap((found) => (found === undefined ? [] : [found]));
  };

  return {
    async inventoryFor(item, reads) {
      const types = new Set(reads.types);
      const named = reads.resources.filter(
        (ref) =>
          !types.has(ref.resourceType) &&
          !(ref.resourceType === item.resourceType && ref.resourceId === item.resourceId),
      );
      if (types.size === 0 && named.length === 0) return createInventory([item]);
      const scope = { accountId: item.accountId, region: item.region };
      const [ofTypes, ofNamed] = await Promise.all([itemsOfTypes(scope, [...types]), itemsOf(scope, named)]);
      return createInventory([...ofTypes, ...ofNamed, item], {
        collects: (resourceType) => source.canRead?.(resourceType) ?? true,
      });
    },
    remember(items) {
      for (const remembered of items) {
        resourceCache.set(
          resourceKey(remembered, remembered.resourceType, remembered.resourceId),
          isDeleted(remembered) ? undefined : remembered,
        );
        // A whole type already held takes the fresh item in place of its old copy (or loses it when
        // deleted), so a log group created moments ago is not "not recorded" for the flow log that follows.
        typeCache.update(`${scopeKey(remembered)}|${remembered.resourceType}`, (held) => [
          ...held.filter(
            (candidate) =>
              candidate.resourceId !== remembered.resourceId || candidate.region !== remembered.region,
          ),
          ...(isDeleted(remembered) ? [] : [remembered]),
        ]);
      }
    },
  };
}

/** The resource types an inventory read touches, whole or named. */
function typesOf(reads: InventoryReads): Set<string> {
  return new Set([...reads.types, ...reads.resources.map((ref) => ref.resourceType)]);
}

/**
 * Overlays items described moments ago (e.g. the trail a CloudTrail call just changed) on what `base`
 * supplies, replacing any cached copy of the same resource whatever its capture time, so a rule judging one
 * resource by another never sees the other as it was before the very change being processed.
 */
export function withFreshItems(
  base: InventoryProvider,
  fresh: readonly ConfigurationItem[],
): InventoryProvider {
  return {
    async inventoryFor(item, reads) {
      const inventory = await base.inventoryFor(item, reads);
      const types = typesOf(reads);
      const overlay = fresh.filter((candidate) => types.has(candidate.resourceType));
      if (overlay.length === 0) return inventory;
      const identity = (candidate: ConfigurationItem): string =>
        `${candidate.resourceType}|${candidate.region}|${candidate.resourceId}`;
      const replaced = new Set(overlay.map(identity));
      const kept = [...types]
        .flatMap((type) => inventory.itemsOfType(type))
        .filter((candidate) => !replaced.has(identity(candidate)));
      // A fresh item does not make its type collected: the others of the type were not read with it.
      return createInventory([...kept, ...overlay, item], {
        collects: (resourceType) => inventory.collects(resourceType),
      });
    },
    ...(base.remember === undefined ? {} : { remember: (items) => base.remember?.(items) }),
  };
}
