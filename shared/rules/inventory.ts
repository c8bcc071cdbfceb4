import type { ConfigurationItem } from '#shared/config-item/configuration-item';

/**
 * The key (or keys) under which an item is indexed, or undefined to leave it out. Define key functions once
 * at module level: an inventory builds one index per key function and reuses it for every later lookup.
 */
export type InventoryKey = (item: ConfigurationItem) => string | readonly string[] | undefined;

/** One resource of the account a rule names to read (e.g. a bucket's replication destination). */
export interface InventoryRef {
  readonly resourceType: string;
  /** The AWS Config resource id (a bucket's name, a group's id, …). */
  readonly resourceId: string;
}

/** What the rules judging one item need beside it: every item of some types, and some named resources. */
export interface InventoryReads {
  readonly types: readonly string[];
  readonly resources: readonly InventoryRef[];
}

/** Nothing to read beside the item. */
export const NO_INVENTORY_READS: InventoryReads = Object.freeze({ types: [], resources: [] });

/** Read access to the recorded resources of one account, for rules that judge a resource by others. */
export interface Inventory {
  /** Every current item of a resource type (any region). */
  itemsOfType(resourceType: string): readonly ConfigurationItem[];
  /** The item of one resource, if recorded (the first of the type with that resource id). */
  find(resourceType: string, resourceId: string): ConfigurationItem | undefined;
  /**
   * The items of a type that `keyOf` files under `key`, in `itemsOfType` order. Rules use it instead of
   * filtering `itemsOfType`, so judging every VPC of an account by its flow logs is not quadratic.
   */
  itemsWithKey(resourceType: string, keyOf: InventoryKey, key: string): readonly ConfigurationItem[];
  /**
   * Whether the items of a type were read at all. False when the source could not read the type (the
   * describe path has no describer for it): a resource of that type missing from the inventory was then
   * not collected, which does not show that it does not exist.
   */
  collects(resourceType: string): boolean;
}

/** How an inventory was read. */
export interface InventoryOptions {
  /** Whether the items of a type were read; every type by default (a Config snapshot or recorder). */
  readonly collects?: (resourceType: string) => boolean;
}

const NO_ITEMS: readonly ConfigurationItem[] = Object.freeze([]);

type Index = ReadonlyMap<string, readonly ConfigurationItem[]>;

function buildIndex(items: readonly ConfigurationItem[], keyOf: InventoryKey): Index {
  const index = new Map<string, ConfigurationItem[]>();
  const file = (key: string, item: ConfigurationItem): void => {
    const list = index.get(key);
    if (list === undefined) index.set(key, [item]);
    else if (list[list.length - 1] !== item) list.push(item);
  };
  for (const item of items) {
    const keys = keyOf(item);
    if (keys === undefined) continue;
    if (typeof keys === 'string') file(keys, item);
    else for (const key of keys) file(key, item);
  }
  return index;
}

const byResourceId: InventoryKey = (item) => item.resourceId;

/** An inventory over a fixed list of items; the newest capture of each resource wins. */
export function createInventory(
  items: Iterable<ConfigurationItem>,
  options: InventoryOptions = {},
): Inventory {
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
  const indexes = new Map<InventoryKey, Map<string, Index>>();

  const itemsWithKey = (
    resourceType: string,
    keyOf: InventoryKey,
    key: string,
  ): readonly ConfigurationItem[] => {
    let ofKey = indexes.get(keyOf);
    if (ofKey === undefined) {
      ofKey = new Map();
      indexes.set(keyOf, ofKey);
    }
    let index = ofKey.get(resourceType);
    if (index === undefined) {
      index = buildIndex(lists.get(resourceType) ?? NO_ITEMS, keyOf);
      ofKey.set(resourceType, index);
    }
    return index.get(key) ?? NO_ITEMS;
  };

  return {
    itemsOfType: (resourceType) => lists.get(resourceType) ?? NO_ITEMS,
    find: (resourceType, resourceId) => itemsWithKey(resourceType, byResourceId, resourceId)[0],
    itemsWithKey,
    collects: options.collects ?? (() => true),
  };
}

/** An inventory with nothing in it, for evaluations of a lone item. */
export const EMPTY_INVENTORY: Inventory = createInventory([]);
