import { describe, expect, it } from 'vitest';
import type { ConfigurationItem, ConfigurationItemStatus } from '#shared/config-item/configuration-item';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory, EMPTY_INVENTORY } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import { loadFixtures } from '#test/support/fixtures';

const NOW = new Date('2026-11-23T12:00:00Z');

/**
 * Rules that may pass an item recording nothing, because AWS Config leaves the key they read out when
 * the setting is not there (no function policy, no retention set, no lifecycle policy): absence is data.
 * Rules reading keys Config always records (a group's rule lists, a bucket's ACL and policy, a user's
 * policy lists, an instance's interfaces) give no verdict on such an item instead.
 */
const ABSENCE_IS_COMPLIANT: ReadonlySet<string> = new Set([
  'lambda-function-public-access-prohibited',
  'cw-loggroup-retention-period-check',
  'ecr-lifecycle-policy-retains-365-days',
]);

/** Every (rule, resource type it judges) pair of the catalog. */
const PAIRS = RULES.flatMap((rule) => rule.resourceTypes.map((type) => [rule.id, type, rule] as const));

/** A fixture of this type whose resource exists, to strip pieces from; the first one in name order. */
function liveItemOf(type: string): ConfigurationItem {
  const fixture = loadFixtures(type).find((candidate) => candidate.item.status === 'OK');
  if (!fixture) throw new Error(`no live fixture of ${type}`);
  return fixture.item;
}

function bareItem(type: string, patch: Partial<ConfigurationItem>): ConfigurationItem {
  return {
    accountId: '123456789012',
    region: 'us-east-1',
    resourceType: type,
    resourceId: 'resource-under-test',
    captureTime: '2026-11-23T11:00:00.000Z',
    status: 'OK',
    configuration: {},
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
    ...patch,
  };
}

describe('every rule of the catalog on edge-case items', () => {
  it.each(
    PAIRS.flatMap(([id, type, rule]) =>
      (['ResourceDeleted', 'ResourceNotRecorded', 'ResourceDeletedNotRecorded'] as const).map(
        (status) => [id, type, status, rule] as const,
      ),
    ),
  )('%s judges a %s item with status %s NOT_APPLICABLE through the engine', (_id, type, status, rule) => {
    const item = bareItem(type, { status: status satisfies ConfigurationItemStatus, configuration: null });
    const evaluations = new RuleEngine([rule]).evaluate(item, { now: NOW, inventory: EMPTY_INVENTORY });
    expect(evaluations).toHaveLength(1);
    expect(evaluations[0]?.compliance).toBe('NOT_APPLICABLE');
    expect(evaluations[0]?.annotation).toBe(`Resource status is ${status}.`);
  });

  it.each(PAIRS)(
    '%s gives no verdict on a live %s item whose configuration was not recorded (null)',
    (_id, type, rule) => {
      const [evaluation] = new RuleEngine([rule]).evaluate(bareItem(type, { configuration: null }), {
        now: NOW,
        inventory: EMPTY_INVENTORY,
      });
      expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
      expect(evaluation?.annotation).toContain('was not recorded');
    },
  );

  it.each(PAIRS)(
    '%s neither crashes nor passes silently on a %s item that records nothing (empty configuration)',
    (id, type, rule) => {
      const [evaluation] = new RuleEngine([rule]).evaluate(bareItem(type, {}), {
        now: NOW,
        inventory: EMPTY_INVENTORY,
      });
      expect(evaluation?.compliance).not.toBe('ERROR');
      expect(evaluation?.annotation.length).toBeGreaterThan(0);
      expect(evaluation?.annotation.length).toBeLessThanOrEqual(256);
      // Only rules for which a missing key means "not set" may pass an item recording none; no other
      // rule passes when nothing shows that it should.
      if (!ABSENCE_IS_COMPLIANT.has(id)) expect(evaluation?.compliance).not.toBe('COMPLIANT');
    },
  );

  it.each(PAIRS)(
    '%s still gives a verdict on a real %s item whose supplementary configuration was not delivered',
    (_id, type, rule) => {
      const item = { ...liveItemOf(type), supplementaryConfiguration: {} };
      const [evaluation] = new RuleEngine([rule]).evaluate(item, {
        now: NOW,
        inventory: createInventory([item]),
      });
      expect(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']).toContain(evaluation?.compliance);
    },
  );

  it.each(PAIRS)('%s ignores a deleted %s copy of the subject left in the inventory', (_id, type, rule) => {
    const item = liveItemOf(type);
    const [live] = new RuleEngine([rule]).evaluate(item, { now: NOW, inventory: createInventory([item]) });
    const gone = {
      ...item,
      resourceId: `${item.resourceId}-old`,
      status: 'ResourceDeleted' as const,
      configuration: null,
    };
    const [withGhost] = new RuleEngine([rule]).evaluate(item, {
      now: NOW,
      inventory: createInventory([item, gone]),
    });
    expect(withGhost?.compliance).toBe(live?.compliance);
  });
});
