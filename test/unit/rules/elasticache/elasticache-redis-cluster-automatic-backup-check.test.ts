import { describe, expect, it } from 'vitest';
import { elasticacheRedisClusterAutomaticBackupCheck as rule } from '#shared/rules/elasticache/elasticache-redis-cluster-automatic-backup-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const GROUP = 'AWS::ElastiCache::ReplicationGroup';
const CLUSTER = 'AWS::ElastiCache::CacheCluster';

describe(`${rule.id}: ${rule.title}`, () => {
  it('defaults the minimum to 15 days, as AWS does', () => {
    expect(rule.parameters.snapshotRetentionPeriod.default).toBe(15);
  });

  it.each([
    [
      GROUP,
      'sessions-valkey-hardened',
      'COMPLIANT',
      'Replication group sessions-prod keeps automatic backups for 21 days (minimum 15).',
    ],
    [
      GROUP,
      'jobs-redis-defaults',
      'NON_COMPLIANT',
      'Replication group jobs-queue-dev has automatic backups turned off (retention 0 days).',
    ],
    [GROUP, 'deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
    [
      CLUSTER,
      'ratelimit-redis-hardened',
      'COMPLIANT',
      'Cache cluster ratelimit-prod keeps automatic backups for 16 days (minimum 15).',
    ],
    [
      CLUSTER,
      'reports-redis-defaults',
      'NON_COMPLIANT',
      'Cache cluster reports-cache-dev has automatic backups turned off (retention 0 days).',
    ],
    [
      CLUSTER,
      'catalog-memcached',
      'NOT_APPLICABLE',
      'Cache cluster catalog-memcached runs memcached, which has no automatic backups.',
    ],
    [
      CLUSTER,
      'sessions-prod-002-group-member',
      'NOT_APPLICABLE',
      'Cache cluster sessions-prod-002 is a member of replication group sessions-prod, which is judged instead.',
    ],
    [CLUSTER, 'deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s %s as %s', (type, name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(type, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [14, 15, 'NON_COMPLIANT'],
    [15, 15, 'COMPLIANT'],
    [1, 1, 'COMPLIANT'],
    [7, 8, 'NON_COMPLIANT'],
    [35, 30, 'COMPLIANT'],
  ] as const)(
    'a standalone cluster keeping %i days against a minimum of %i: %s',
    (limit, minimum, compliance) => {
      const fixture = withConfiguration(loadFixture(CLUSTER, 'reports-redis-defaults'), {
        snapshotRetentionLimit: limit,
      });
      const verdict = evaluateFixture(rule, fixture, { parameters: { snapshotRetentionPeriod: minimum } });
      expect(verdict.compliance).toBe(compliance);
    },
  );

  it('names the retention that falls short', () => {
    const fixture = withConfiguration(loadFixture(GROUP, 'jobs-redis-defaults'), {
      snapshotRetentionLimit: 1,
    });
    expect(evaluateFixture(rule, fixture).annotation).toBe(
      'Replication group jobs-queue-dev keeps automatic backups for 1 day, below the minimum of 15.',
    );
  });

  it.each([
    [GROUP, 'jobs-redis-defaults', { snapshotRetentionLimit: undefined }],
    [CLUSTER, 'reports-redis-defaults', { snapshotRetentionLimit: undefined }],
    [CLUSTER, 'reports-redis-defaults', { engine: undefined }],
  ] as const)('is NOT_APPLICABLE for %s %s patched with %j (not recorded)', (type, name, patch) => {
    const fixture = withConfiguration(loadFixture(type, name), patch);
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it('judges a Valkey standalone node like a Redis OSS one', () => {
    const fixture = withConfiguration(loadFixture(CLUSTER, 'reports-redis-defaults'), { engine: 'valkey' });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });
});
