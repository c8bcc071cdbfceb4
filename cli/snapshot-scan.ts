import { type ConfigurationItem, isDeleted } from '#shared/config-item/configuration-item';
import { AccountItemTally, type Evaluation, type RuleEngine } from '#shared/rules/engine';
import { createInventory, EMPTY_INVENTORY, type Inventory } from '#shared/rules/inventory';
import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';
import { type ScratchDir, SpillSorter } from './spill-sort';

/**
 * Where an item's evaluations stand in {@link RuleEngine.scan}'s output: accounts in the order they first
 * appear, then items in file order (the synthesized account item last). `item` also tells apart two
 * evaluations of one rule on one resource (two items of it), which reports keep in file order.
 */
export interface ItemOrder {
  /** The account's rank by first appearance in the file. */
  readonly account: number;
  /** The item's position in the file; past the last item for a synthesized account item. */
  readonly item: number;
}

/** Options of {@link scanItemStream}. */
export interface ItemStreamScanOptions {
  readonly now: Date;
  /** Where items kept for later (see {@link scanItemStream}) go when they pass `maxBufferBytes`. */
  readonly scratch: ScratchDir;
  /** Memory the kept items may fill before they are written to scratch files. */
  readonly maxBufferBytes: number;
  /** Called with every item read, before it is evaluated (e.g. to watch the heap). */
  readonly onItem?: (item: ConfigurationItem, index: number) => void;
}

/**
 * Why an item was kept for the second pass: its account's inventory needs it (`READ`), it is judged against
 * that inventory (`JUDGE`), or both (`BOTH`, kept once).
 */
const READ = 0;
const BOTH = 1;
const JUDGE = 2;
type KeptFor = typeof READ | typeof BOTH | typeof JUDGE;

/** An item kept for the second pass. */
interface KeptItem {
  readonly account: number;
  readonly keptFor: KeptFor;
  readonly item: number;
  /** The normalized item as JSON. */
  readonly json: string;
}

/** Account by account; in each, what the inventory needs first, then what waits for it; file order. */
function compareKept(a: KeptItem, b: KeptItem): number {
  return (
    a.account - b.account || Number(a.keptFor === JUDGE) - Number(b.keptFor === JUDGE) || a.item - b.item
  );
}

function serializeKept(kept: KeptItem): string {
  return `${kept.account},${kept.keptFor},${kept.item},${kept.json}`;
}

function deserializeKept(line: string): KeptItem {
  const [account, keptFor, item] = line.split(',', 3);
  const json = line.slice(`${account},${keptFor},${item},`.length);
  const reason = keptFor === '2' ? JUDGE : keptFor === '1' ? BOTH : READ;
  return { account: Number(account), keptFor: reason, item: Number(item), json };
}

interface AccountState {
  readonly rank: number;
  readonly tally: AccountItemTally;
}

/**
 * Evaluates the items of a snapshot as they are read, holding no more of them than the rules that judge
 * one resource by others need, so memory does not grow with the snapshot:
 *
 * - an item whose rules read no inventory is evaluated at once and dropped;
 * - an item of a type some rule reads (`reads`) is kept, as JSON, for its account's inventory, and an item
 *   judged by such a rule is kept to be evaluated once the inventory is complete; kept items that pass
 *   `maxBufferBytes` go to sorted scratch files;
 * - at the end, account by account, the kept items are read back in order: the account's inventory (only
 *   the types some rule reads) is built, its kept items are evaluated against it, then the synthesized
 *   account item when Config recorded none.
 *
 * Verdicts are those of {@link RuleEngine.scan} on the whole file; only the order of the `onEvaluated`
 * calls differs, and {@link ItemOrder} gives each the place it has there.
 * @returns how many items were read.
 */
export async function scanItemStream(
  items: AsyncIterable<ConfigurationItem>,
  engine: RuleEngine,
  options: ItemStreamScanOptions,
  onEvaluated: (evaluations: readonly Evaluation[], order: ItemOrder) => void,
): Promise<number> {
  const accounts = new Map<string, AccountState>();
  const kept = new SpillSorter<KeptItem>({
    compare: compareKept,
    serialize: serializeKept,
    deserialize: deserializeKept,
    sizeOf: (record) => record.json.length + 64,
    maxBufferBytes: options.maxBufferBytes,
    scratch: options.scratch,
    name: 'items',
  });
  const judge = (item: ConfigurationItem, inventory: Inventory, order: ItemOrder): void => {
    const evaluations = engine.evaluate(item, { now: options.now, inventory });
    if (evaluations.length > 0) onEvaluated(evaluations, order);
  };

  let count = 0;
  for await (const item of items) {
    const index = count;
    count += 1;
    options.onItem?.(item, index);
    let account = accounts.get(item.accountId);
    if (account === undefined) {
      account = { rank: accounts.size, tally: new AccountItemTally() };
      accounts.set(item.accountId, account);
    }
    account.tally.add(item);
    const deleted = isDeleted(item);
    const read = !deleted && engine.rulesReading(item.resourceType).length > 0;
    // A deleted item is NOT_APPLICABLE to every rule: nothing to wait for.
    const later = !deleted && engine.needsInventory(item.resourceType);
    if (!read && !later) {
      judge(item, EMPTY_INVENTORY, { account: account.rank, item: index });
      continue;
    }
    const keptFor = read && later ? BOTH : read ? READ : JUDGE;
    kept.add({ account: account.rank, keptFor, item: index, json: JSON.stringify(item) });
    if (!later) judge(item, EMPTY_INVENTORY, { account: account.rank, item: index });
  }

  const accountIds = [...accounts.keys()];
  const judgesAccounts = engine.rulesFor(ACCOUNT_RESOURCE_TYPE).length > 0;
  const finishAccount = (rank: number, inventory: Inventory): void => {
    const accountId = accountIds[rank];
    const state = accountId === undefined ? undefined : accounts.get(accountId);
    if (accountId === undefined || state === undefined) return;
    if (judgesAccounts && !state.tally.hasAccountItem) {
      judge(state.tally.synthesize(accountId), inventory, { account: rank, item: count + rank });
    }
  };

  // Accounts come back in rank order: an account with nothing kept gets an empty inventory.
  let current = 0;
  let readItems: ConfigurationItem[] = [];
  let waiting: { readonly item: ConfigurationItem; readonly index: number }[] = [];
  let inventory: Inventory | undefined;
  /** The current account's inventory, once all it reads is in; judges what was kept for both then. */
  const completeInventory = (): Inventory => {
    if (inventory === undefined) {
      inventory = createInventory(readItems);
      readItems = [];
      for (const { item, index } of waiting) judge(item, inventory, { account: current, item: index });
      waiting = [];
    }
    return inventory;
  };
  const nextAccount = (): void => {
    finishAccount(current, completeInventory());
    current += 1;
    inventory = undefined;
  };
  for (const record of kept.sorted()) {
    while (current < record.account) nextAccount();
    const item = JSON.parse(record.json) as ConfigurationItem;
    if (record.keptFor === JUDGE) judge(item, completeInventory(), { account: current, item: record.item });
    else readItems.push(item);
    if (record.keptFor === BOTH) waiting.push({ item, index: record.item });
  }
  while (current < accountIds.length) nextAccount();
  return count;
}
