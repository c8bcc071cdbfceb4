import { describe, expect, it } from 'vitest';
import type { ConfigurationItem, ConfigurationItemStatus } from '#shared/config-item/configuration-item';
import {
  cachedInventoryProvider,
  type InventorySource,
  SELF_ONLY_INVENTORY,
  withFreshItems,
} from '#shared/pipeline/inventory-provider';
import type { InventoryReads, InventoryRef } from '#shared/rules/inventory';

const ACCOUNT = '123456789012';
const BUCKET = 'AWS::S3::Bucket';
const TRAIL = 'AWS::CloudTrail::Trail';

function item(
  resourceType: string,
  resourceId: string,
  status: ConfigurationItemStatus = 'OK',
): ConfigurationItem {
  return {
    accountId: ACCOUNT,
    region: 'us-east-1',
    resourceType,
    resourceId,
    captureTime: '2026-11-23T10:00:00.000Z',
    status,
    configuration: {},
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
  };
}

/** A source over a fixed account that records every read it is asked for. */
function recordingSource(account: readonly ConfigurationItem[]) {
  const typeReads: (readonly string[])[] = [];
  const namedReads: (readonly InventoryRef[])[] = [];
  let failNext = false;
  const source: InventorySource = {
    async itemsOfTypes(_accountId, types) {
      typeReads.push(types);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (failNext) {
        failNext = false;
        throw new Error('throttled');
      }
      return account.filter((candidate) => types.includes(candidate.resourceType));
    },
    async itemsOf(_accountId, refs) {
      namedReads.push(refs);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (failNext) {
        failNext = false;
        throw new Error('throttled');
      }
      return refs.map((ref) =>
        account.find(
          (candidate) =>
            candidate.resourceType === ref.resourceType && candidate.resourceId === ref.resourceId,
        ),
      );
    },
  };
  return {
    source,
    typeReads,
    namedReads,
    failOnce: () => {
      failNext = true;
    },
  };
}

const BUCKETS = Array.from({ length: 50 }, (_, index) => item(BUCKET, `bucket-${index}`));
const wholeBuckets: InventoryReads = { types: [BUCKET], resources: [] };
const named = (...ids: string[]): InventoryReads => ({
  types: [],
  resources: ids.map((resourceId) => ({ resourceType: BUCKET, resourceId })),
});

describe('cachedInventoryProvider: reads that do not grow with the account or with concurrency', () => {
  it('reads a whole type once for 16 concurrent misses (a sweep at concurrency 16)', async () => {
    const { source, typeReads } = recordingSource(BUCKETS);
    const provider = cachedInventoryProvider(source);
    const inventories = await Promise.all(
      BUCKETS.slice(0, 16).map((judged) => provider.inventoryFor(judged, wholeBuckets)),
    );
    expect(typeReads).toEqual([[BUCKET]]);
    for (const inventory of inventories) expect(inventory.itemsOfType(BUCKET)).toHaveLength(50);
  });

  it('does not keep a failed read: the waiting callers fail, the next one reads again', async () => {
    const { source, typeReads, failOnce } = recordingSource(BUCKETS);
    const provider = cachedInventoryProvider(source);
    failOnce();
    const waiting = [
      provider.inventoryFor(item(BUCKET, 'x'), wholeBuckets),
      provider.inventoryFor(item(BUCKET, 'y'), wholeBuckets),
    ];
    for (const caller of waiting) await expect(caller).rejects.toThrow('throttled');
    const inventory = await provider.inventoryFor(item(BUCKET, 'x'), wholeBuckets);
    expect(inventory.itemsOfType(BUCKET)).toHaveLength(51);
    expect(typeReads).toHaveLength(2);
  });

  it('keeps each type apart, so a rule reading one more type reads only that one', async () => {
    const { source, typeReads } = recordingSource([...BUCKETS, item(TRAIL, 'main')]);
    const provider = cachedInventoryProvider(source);
    await provider.inventoryFor(item(BUCKET, 'x'), wholeBuckets);
    const inventory = await provider.inventoryFor(item(BUCKET, 'x'), {
      types: [BUCKET, TRAIL],
      resources: [],
    });
    expect(typeReads).toEqual([[BUCKET], [TRAIL]]);
    expect(inventory.find(TRAIL, 'main')).toBeDefined();
  });

  it('re-reads a type once its TTL has passed', async () => {
    let clock = 0;
    const { source, typeReads } = recordingSource(BUCKETS);
    const provider = cachedInventoryProvider(source, { ttlMs: 60_000, now: () => clock });
    await provider.inventoryFor(item(BUCKET, 'x'), wholeBuckets);
    clock = 59_999;
    await provider.inventoryFor(item(BUCKET, 'x'), wholeBuckets);
    clock = 60_000;
    await provider.inventoryFor(item(BUCKET, 'x'), wholeBuckets);
    expect(typeReads).toHaveLength(2);
  });

  it('reads only the named resources, each once for concurrent misses, never the whole type', async () => {
    const { source, typeReads, namedReads } = recordingSource(BUCKETS);
    const provider = cachedInventoryProvider(source);
    const inventories = await Promise.all(
      Array.from({ length: 16 }, (_, index) =>
        provider.inventoryFor(item(BUCKET, `source-${index}`), named('bucket-7')),
      ),
    );
    expect(typeReads).toEqual([]);
    expect(namedReads).toEqual([[{ resourceType: BUCKET, resourceId: 'bucket-7' }]]);
    for (const inventory of inventories) {
      expect(inventory.find(BUCKET, 'bucket-7')?.resourceId).toBe('bucket-7');
      expect(inventory.itemsOfType(BUCKET)).toHaveLength(2);
    }
  });

  it('asks the source only for the named resources not cached, and keeps the answer that one does not exist', async () => {
    const { source, namedReads } = recordingSource(BUCKETS);
    const provider = cachedInventoryProvider(source);
    await provider.inventoryFor(item(BUCKET, 'a'), named('bucket-1', 'gone'));
    const inventory = await provider.inventoryFor(item(BUCKET, 'b'), named('gone', 'bucket-1', 'bucket-2'));
    expect(namedReads.map((refs) => refs.map((ref) => ref.resourceId))).toEqual([
      ['bucket-1', 'gone'],
      ['bucket-2'],
    ]);
    expect(inventory.find(BUCKET, 'gone')).toBeUndefined();
    expect(inventory.find(BUCKET, 'bucket-2')).toBeDefined();
  });

  it('does not read the judged item itself, nor a named resource whose whole type is read anyway', async () => {
    const { source, namedReads, typeReads } = recordingSource([...BUCKETS, item(TRAIL, 'main')]);
    const provider = cachedInventoryProvider(source);
    const judged = item(BUCKET, 'bucket-3');
    await provider.inventoryFor(judged, named('bucket-3'));
    await provider.inventoryFor(judged, {
      types: [TRAIL],
      resources: [{ resourceType: TRAIL, resourceId: 'main' }],
    });
    expect(namedReads).toEqual([]);
    expect(typeReads).toEqual([[TRAIL]]);
  });

  it('serves remembered items (a sweep chunk) without reading them, and a remembered deletion as absent', async () => {
    const { source, namedReads } = recordingSource(BUCKETS);
    const provider = cachedInventoryProvider(source);
    provider.remember?.([item(BUCKET, 'bucket-4'), item(BUCKET, 'bucket-5', 'ResourceDeleted')]);
    const inventory = await provider.inventoryFor(item(BUCKET, 'x'), named('bucket-4', 'bucket-5'));
    expect(namedReads).toEqual([]);
    expect(inventory.find(BUCKET, 'bucket-4')).toBeDefined();
    expect(inventory.find(BUCKET, 'bucket-5')).toBeUndefined();
  });

  it('reads nothing for an item whose rules read nothing', async () => {
    const { source, namedReads, typeReads } = recordingSource(BUCKETS);
    const judged = item(BUCKET, 'x');
    const inventory = await cachedInventoryProvider(source).inventoryFor(judged, {
      types: [],
      resources: [],
    });
    expect(inventory.itemsOfType(BUCKET)).toEqual([judged]);
    expect([...typeReads, ...namedReads]).toEqual([]);
  });

  it('says which types it could not read, so a rule tells "not collected" from "none"', async () => {
    const { source } = recordingSource(BUCKETS);
    const describing = cachedInventoryProvider({ ...source, canRead: (type) => type === BUCKET });
    const reads: InventoryReads = { types: [BUCKET, TRAIL], resources: [] };
    const inventory = await describing.inventoryFor(item(BUCKET, 'x'), reads);
    expect(inventory.collects(BUCKET)).toBe(true);
    expect(inventory.collects(TRAIL)).toBe(false);
    const fresh = await withFreshItems(describing, [item(TRAIL, 'main')]).inventoryFor(
      item(BUCKET, 'x'),
      reads,
    );
    expect(fresh.find(TRAIL, 'main')).toBeDefined();
    expect(fresh.collects(TRAIL)).toBe(false);
    const recorder = await cachedInventoryProvider(source).inventoryFor(item(BUCKET, 'x'), reads);
    expect(recorder.collects(TRAIL)).toBe(true);
    const alone = await SELF_ONLY_INVENTORY.inventoryFor(item(BUCKET, 'x'), reads);
    expect([alone.collects(BUCKET), alone.collects(TRAIL)]).toEqual([true, false]);
  });
});
