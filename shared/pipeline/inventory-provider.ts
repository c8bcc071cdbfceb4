import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { createInventory, type Inventory } from '#shared/rules/inventory';
import type { Rule } from '#shared/rules/rule';

/** Supplies the account inventory that rules with `reads` need to judge one item. */
export interface InventoryProvider {
  /** An inventory holding at least the items of every type `rules` read, plus `item` itself. */
  inventoryFor(item: ConfigurationItem, rules: readonly Rule[]): Promise<Inventory>;
}

/** Reads the current items of some resource types (e.g. from AWS Config or the service APIs). */
export type ItemsOfTypes = (
  accountId: string,
  resourceTypes: readonly string[],
) => Promise<readonly ConfigurationItem[]>;

/** An inventory provider that only knows the item being judged. */
export const SELF_ONLY_INVENTORY: InventoryProvider = {
  inventoryFor: async (item) => createInventory([item]),
};

/**
 * Fetches only the types the applicable rules read, and keeps them for `ttlMs` per container so that a
 * burst of change events does not re-read the account each time.
 */
export function cachedInventoryProvider(
  itemsOfTypes: ItemsOfTypes,
  options: { readonly ttlMs?: number; readonly now?: () => number } = {},
): InventoryProvider {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { readonly at: number; readonly items: readonly ConfigurationItem[] }>();
  return {
    async inventoryFor(item, rules) {
      const types = [...new Set(rules.flatMap((rule) => rule.reads ?? []))].sort();
      if (types.length === 0) return createInventory([item]);
      const cacheKey = `${item.accountId}|${types.join(',')}`;
      const hit = cache.get(cacheKey);
      let items: readonly ConfigurationItem[];
      if (hit && now() - hit.at < ttlMs) items = hit.items;
      else {
        items = await itemsOfTypes(item.accountId, types);
        cache.set(cacheKey, { at: now(), items });
      }
      return items.length === 0 ? createInventory([item]) : createInventory([...items, item]);
    },
  };
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
    async inventoryFor(item, rules) {
      const inventory = await base.inventoryFor(item, rules);
      const types = [...new Set(rules.flatMap((rule) => rule.reads ?? []))];
      const overlay = fresh.filter((candidate) => types.includes(candidate.resourceType));
      if (overlay.length === 0) return inventory;
      const identity = (candidate: ConfigurationItem): string =>
        `${candidate.resourceType}|${candidate.region}|${candidate.resourceId}`;
      const replaced = new Set(overlay.map(identity));
      const kept = types
        .flatMap((type) => inventory.itemsOfType(type))
        .filter((candidate) => !replaced.has(identity(candidate)));
      return createInventory([...kept, ...overlay, item]);
    },
  };
}
