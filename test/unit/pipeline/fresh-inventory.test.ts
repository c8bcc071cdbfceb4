import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import {
  cachedInventoryProvider,
  type InventorySource,
  withFreshItems,
} from '#shared/pipeline/inventory-provider';
import type { InventoryReads } from '#shared/rules/inventory';

function trail(name: string, captureTime: string, isLogging: boolean): ConfigurationItem {
  return {
    accountId: '123456789012',
    region: 'us-east-1',
    resourceType: 'AWS::CloudTrail::Trail',
    resourceId: name,
    captureTime,
    status: 'OK',
    configuration: { name, isMultiRegionTrail: true },
    supplementaryConfiguration: { TrailStatus: { IsLogging: isLogging } },
    tags: {},
    relationships: [],
  };
}

const account: ConfigurationItem = {
  ...trail('x', '2026-11-23T10:00:00.000Z', true),
  resourceType: 'AWS::::Account',
  resourceId: '123456789012',
  configuration: {},
  supplementaryConfiguration: {},
};

const readsTrails: InventoryReads = { types: ['AWS::CloudTrail::Trail'], resources: [] };

/** A source that holds `items` and nothing else. */
function holding(...items: ConfigurationItem[]): InventorySource {
  return {
    itemsOfTypes: async () => items,
    itemsOf: async (_accountId, refs) => refs.map(() => undefined),
  };
}

describe('withFreshItems: the items a call just changed win over a cached inventory', () => {
  it('replaces the cached copy of a resource even when the fresh item carries an older capture time', async () => {
    // The cache was filled by a sweep (capture time = read time) after the call's eventTime.
    const cached = cachedInventoryProvider(holding(trail('main', '2026-11-23T10:05:00.000Z', true)));
    const fresh = trail('main', '2026-11-23T10:04:00.000Z', false);
    const inventory = await withFreshItems(cached, [fresh]).inventoryFor(account, readsTrails);
    expect(inventory.itemsOfType('AWS::CloudTrail::Trail')).toEqual([fresh]);
    expect(inventory.find('AWS::::Account', '123456789012')).toBe(account);
  });

  it('keeps the other cached items, and ignores fresh items of types the rules do not read', async () => {
    const cached = cachedInventoryProvider(holding(trail('other', '2026-11-23T10:05:00.000Z', true)));
    const bucket = { ...trail('b', '2026-11-23T10:04:00.000Z', true), resourceType: 'AWS::S3::Bucket' };
    const inventory = await withFreshItems(cached, [
      trail('main', '2026-11-23T10:04:00.000Z', false),
      bucket,
    ]).inventoryFor(account, readsTrails);
    expect(
      inventory
        .itemsOfType('AWS::CloudTrail::Trail')
        .map((item) => item.resourceId)
        .sort(),
    ).toEqual(['main', 'other']);
    expect(inventory.itemsOfType('AWS::S3::Bucket')).toEqual([]);
  });
});
