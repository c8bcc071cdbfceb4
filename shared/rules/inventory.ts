import type { ConfigurationItem } from '#shared/config-item/configuration-item';

/** Read access to the recorded resources of one account, for rules that judge a resource by others. */
export interface Inventory {
  /** Every current item of a resource type (any region). */
  itemsOfType(resourceType: string): readonly ConfigurationItem[];
  /** The item of one resource, if recorded. */
  find(resourceType: string, resourceId: string): ConfigurationItem | undefined;
}

const NO_ITEMS: readonly ConfigurationItem[] = Object.freeze([]);

/** An inventory over a fixed list of items; the newest capture of each resource wins. */
export function createInventory(items: Iterable<ConfigurationItem>): Inventory {
  const byType = new Map<string, Map<string, ConfigurationItem>>();
  for (const item of items) {
    let ofType = byType.get(item.resourceType);
    if (!ofType) {
      ofType = new Map();
      byType.set(item.resourceType, ofType);
    }
    const key = `${item.region}/${item.resourceId}`;
    const existing = ofType.get(key);
    if (!existing || existing.captureTime <= item.captureTime) ofType.set(key, item);
  }
  const lists = new Map<string, readonly ConfigurationItem[]>();
  for (const [type, ofType] of byType) lists.set(type, [...ofType.values()]);
  return {
    itemsOfType: (resourceType) => lists.get(resourceType) ?? NO_ITEMS,
    find: (resourceType, resourceId) =>
      (lists.get(resourceType) ?? NO_ITEMS).find((item) => item.resourceId === resourceId),
  };
}

/** An inventory with nothing in it, for evaluations of a lone item. */
export const EMPTY_INVENTORY: Inventory = createInventory([]);
