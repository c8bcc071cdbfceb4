import { describe, expect, it } from 'vitest';
import { elasticacheReplGrpRedisAuthEnabled as rule } from '#shared/rules/elasticache/elasticache-repl-grp-redis-auth-enabled';
import { createInventory } from '#shared/rules/inventory';
import { evaluateFixture, type Fixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const GROUP = 'AWS::ElastiCache::ReplicationGroup';
const CLUSTER = 'AWS::ElastiCache::CacheCluster';
const LEGACY = 'legacy-redis5-no-auth-with-member';

/** The legacy group with its member cluster's recorded engine version replaced. */
function legacyOnVersion(engineVersion: string | undefined): Fixture {
  const fixture = loadFixture(GROUP, LEGACY);
  const [member] = fixture.inventory.itemsOfType(CLUSTER);
  if (member === undefined) throw new Error('fixture has no member cluster');
  const patched = { ...member, configuration: { ...member.configuration, engineVersion } };
  return { ...fixture, inventory: createInventory([fixture.item, patched]) };
}

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      LEGACY,
      'NON_COMPLIANT',
      'Replication group legacy-queue runs Redis OSS 5 (below 6) without Redis AUTH.',
    ],
    [
      'sessions-valkey-hardened',
      'COMPLIANT',
      'Replication group sessions-prod runs Valkey, which controls access with ACLs, not AUTH tokens.',
    ],
    [
      'jobs-redis-defaults',
      'NOT_APPLICABLE',
      'Replication group jobs-queue-dev: the engine version of member cluster jobs-queue-dev-001 was not recorded.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(GROUP, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['4.0.10', 'NON_COMPLIANT'],
    ['5.0.6', 'NON_COMPLIANT'],
    ['6.2.6', 'COMPLIANT'],
    ['7.1.0', 'COMPLIANT'],
    ['unknown', 'NOT_APPLICABLE'],
    [undefined, 'NOT_APPLICABLE'],
  ] as const)('without a token, judges members on Redis OSS %s as %s', (version, compliance) => {
    expect(evaluateFixture(rule, legacyOnVersion(version)).compliance).toBe(compliance);
  });

  it('passes a group that requires AUTH whatever its version, reading no member', () => {
    const fixture = withConfiguration(loadFixture(GROUP, LEGACY), { authTokenEnabled: true });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Replication group legacy-queue requires Redis AUTH.',
    });
    expect(rule.readsOf(fixture.item)).toEqual([]);
  });

  it('names the member clusters to read from the inventory', () => {
    expect(rule.readsOf(loadFixture(GROUP, 'sessions-valkey-hardened').item)).toEqual([
      { resourceType: CLUSTER, resourceId: 'sessions-prod-001' },
      { resourceType: CLUSTER, resourceId: 'sessions-prod-002' },
      { resourceType: CLUSTER, resourceId: 'sessions-prod-003' },
    ]);
  });

  it.each([
    [{ authTokenEnabled: undefined }],
    [{ memberClusters: undefined }],
    [{ memberClusters: [] }],
  ] as const)('is NOT_APPLICABLE when %j (not recorded)', (patch) => {
    const fixture = withConfiguration(loadFixture(GROUP, LEGACY), patch);
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it('judges by the oldest member: one Redis OSS 5 node among Redis OSS 6 nodes fails the group', () => {
    const fixture = loadFixture(GROUP, LEGACY);
    const [member] = fixture.inventory.itemsOfType(CLUSTER);
    if (member === undefined) throw new Error('fixture has no member cluster');
    const newer = {
      ...member,
      resourceId: 'legacy-queue-002',
      configuration: { ...member.configuration, cacheClusterId: 'legacy-queue-002', engineVersion: '6.2.6' },
    };
    const group = {
      ...fixture.item,
      configuration: {
        ...fixture.item.configuration,
        memberClusters: ['legacy-queue-002', 'legacy-queue-001'],
      },
    };
    const verdict = evaluateFixture(rule, {
      ...fixture,
      item: group,
      inventory: createInventory([group, member, newer]),
    });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });
});
