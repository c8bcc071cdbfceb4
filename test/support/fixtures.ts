import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ConfigurationItem,
  isDeleted,
  normalizeConfigurationItem,
} from '#shared/config-item/configuration-item';
import { createInventory, type Inventory } from '#shared/rules/inventory';
import { resolveParameters } from '#shared/rules/parameters';
import { notApplicable, type Rule, type RuleVerdict } from '#shared/rules/rule';

/** Root of the real-shaped JSON fixtures. */
export const FIXTURES_DIR = new URL('../fixtures/', import.meta.url).pathname;

/** Folder name of a resource type's fixtures: `AWS::Logs::LogGroup` → `aws-logs-loggroup`. */
export function fixtureDirOf(resourceType: string): string {
  return resourceType.toLowerCase().replace(/::+/g, '-').replace(/^-|-$/g, '');
}

/**
 * A fixture: one file holding a configuration item (any AWS shape), or an array / snapshot of items
 * whose first item is the subject and the rest its account's inventory.
 */
export interface Fixture {
  readonly name: string;
  readonly item: ConfigurationItem;
  readonly inventory: Inventory;
}

function rawItemsOf(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  const record = document as Record<string, unknown>;
  if (Array.isArray(record.configurationItems)) return record.configurationItems;
  return [document];
}

/** Loads `test/fixtures/<type-dir>/<name>.json`. */
export function loadFixture(resourceType: string, name: string): Fixture {
  const file = join(FIXTURES_DIR, fixtureDirOf(resourceType), `${name}.json`);
  const items = rawItemsOf(JSON.parse(readFileSync(file, 'utf8'))).map(normalizeConfigurationItem);
  const [item] = items;
  if (!item) throw new Error(`fixture ${file} holds no configuration item`);
  return { name, item, inventory: createInventory(items) };
}

/** Every fixture of a resource type (empty when the type has none). */
export function loadFixtures(resourceType: string): Fixture[] {
  let names: string[];
  try {
    names = readdirSync(join(FIXTURES_DIR, fixtureDirOf(resourceType)));
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => loadFixture(resourceType, name.slice(0, -'.json'.length)));
}

/** Runs one rule on a fixture the way the engine would (deleted items are NOT_APPLICABLE), with optional parameter overrides. */
export function evaluateFixture(
  rule: Rule,
  fixture: Fixture,
  options: { parameters?: Record<string, unknown>; now?: Date } = {},
): RuleVerdict {
  if (isDeleted(fixture.item)) return notApplicable(`Resource status is ${fixture.item.status}.`);
  return rule.evaluate(fixture.item, {
    parameters: resolveParameters(rule, options.parameters),
    now: options.now ?? new Date('2026-11-23T12:00:00Z'),
    inventory: fixture.inventory,
  });
}

/** Returns a copy of a fixture item with some configuration fields replaced, for table-driven variants. */
export function withConfiguration(fixture: Fixture, patch: Record<string, unknown>): Fixture {
  return {
    ...fixture,
    item: { ...fixture.item, configuration: { ...(fixture.item.configuration ?? {}), ...patch } },
  };
}

/** Returns a copy of a fixture item with some supplementary configuration entries replaced. */
export function withSupplementary(fixture: Fixture, patch: Record<string, unknown>): Fixture {
  return {
    ...fixture,
    item: {
      ...fixture.item,
      supplementaryConfiguration: { ...fixture.item.supplementaryConfiguration, ...patch },
    },
  };
}
