import { describe, expect, it } from 'vitest';
import { elasticacheAutoMinorVersionUpgradeCheck as rule } from '#shared/rules/elasticache/elasticache-auto-minor-version-upgrade-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const CLUSTER = 'AWS::ElastiCache::CacheCluster';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'ratelimit-redis-hardened',
      'COMPLIANT',
      'Cache cluster ratelimit-prod takes minor engine upgrades automatically.',
    ],
    [
      'reports-redis-defaults',
      'NON_COMPLIANT',
      'Cache cluster reports-cache-dev does not take minor engine upgrades automatically.',
    ],
    [
      'sessions-prod-002-group-member',
      'COMPLIANT',
      'Cache cluster sessions-prod-002 takes minor engine upgrades automatically.',
    ],
    [
      'catalog-memcached',
      'NOT_APPLICABLE',
      'Cache cluster catalog-memcached runs memcached; the rule judges Redis OSS and Valkey clusters.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(CLUSTER, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [{ autoMinorVersionUpgrade: undefined }, 'NOT_APPLICABLE'],
    [{ engine: undefined }, 'NOT_APPLICABLE'],
    [{ engine: 'Valkey' }, 'NON_COMPLIANT'],
    [{ autoMinorVersionUpgrade: undefined, AutoMinorVersionUpgrade: true }, 'COMPLIANT'],
  ] as const)('judges the non-upgrading cluster patched with %j as %s', (patch, compliance) => {
    const fixture = withConfiguration(loadFixture(CLUSTER, 'reports-redis-defaults'), patch);
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });
});
