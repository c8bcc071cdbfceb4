import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { createInventory, EMPTY_INVENTORY, type InventoryKey } from '#shared/rules/inventory';
import { logGroupItem } from '#test/support/configuration-items';

const LOG_GROUP = 'AWS::Logs::LogGroup';

function logGroup(resourceId: string, overrides: Partial<ConfigurationItem> = {}): ConfigurationItem {
  return logGroupItem({ resourceId, resourceName: resourceId, ...overrides });
}

const byRetention: InventoryKey = (item) => {
  const days = (item.configuration as { retentionInDays?: number } | null)?.retentionInDays;
  return days === undefined ? undefined : String(days);
};

describe('createInventory', () => {
  it('keeps the newest capture of each resource, per region', () => {
    const old = logGroup('/app', {
      captureTime: '2026-11-01T00:00:00Z',
      configuration: { retentionInDays: 7 },
    });
    const current = logGroup('/app', { captureTime: '2026-11-02T00:00:00Z' });
    const otherRegion = logGroup('/app', { region: 'eu-west-1' });
    const inventory = createInventory([current, old, otherRegion]);
    expect(inventory.itemsOfType(LOG_GROUP)).toEqual([current, otherRegion]);
    expect(inventory.itemsOfType('AWS::S3::Bucket')).toEqual([]);
  });

  it('finds an item by resource id, and nothing for an unknown id or type', () => {
    const app = logGroup('/app');
    const inventory = createInventory([logGroup('/other'), app]);
    expect(inventory.find(LOG_GROUP, '/app')).toBe(app);
    expect(inventory.find(LOG_GROUP, '/missing')).toBeUndefined();
    expect(inventory.find('AWS::S3::Bucket', '/app')).toBeUndefined();
    expect(EMPTY_INVENTORY.find(LOG_GROUP, '/app')).toBeUndefined();
  });

  it('files items under every key the key function gives, in itemsOfType order, leaving out undefined', () => {
    const a = logGroup('/a', { configuration: { retentionInDays: 30 } });
    const b = logGroup('/b', { configuration: { retentionInDays: 365 } });
    const c = logGroup('/c', { configuration: { retentionInDays: 30 } });
    const unset = logGroup('/d', { configuration: {} });
    const inventory = createInventory([a, b, c, unset]);
    expect(inventory.itemsWithKey(LOG_GROUP, byRetention, '30')).toEqual([a, c]);
    expect(inventory.itemsWithKey(LOG_GROUP, byRetention, '365')).toEqual([b]);
    expect(inventory.itemsWithKey(LOG_GROUP, byRetention, 'undefined')).toEqual([]);
    const byBothNames: InventoryKey = (item) => [item.resourceId, item.resourceId, `name:${item.resourceId}`];
    expect(inventory.itemsWithKey(LOG_GROUP, byBothNames, '/b')).toEqual([b]);
    expect(inventory.itemsWithKey(LOG_GROUP, byBothNames, 'name:/c')).toEqual([c]);
  });

  it('builds one index per key function and type, and reuses it', () => {
    let calls = 0;
    const counting: InventoryKey = (item) => {
      calls += 1;
      return item.resourceId;
    };
    const inventory = createInventory([logGroup('/a'), logGroup('/b')]);
    inventory.itemsWithKey(LOG_GROUP, counting, '/a');
    inventory.itemsWithKey(LOG_GROUP, counting, '/b');
    inventory.itemsWithKey(LOG_GROUP, counting, '/none');
    expect(calls).toBe(2);
    expect(inventory.itemsWithKey('AWS::S3::Bucket', counting, '/a')).toEqual([]);
  });
});
