import { describe, expect, it } from 'vitest';
import { elasticacheReplGrpEncryptedInTransit as rule } from '#shared/rules/elasticache/elasticache-repl-grp-encrypted-in-transit';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const GROUP = 'AWS::ElastiCache::ReplicationGroup';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'sessions-valkey-hardened',
      'COMPLIANT',
      'Replication group sessions-prod encrypts traffic in transit (mode required).',
    ],
    [
      'jobs-redis-defaults',
      'NON_COMPLIANT',
      'Replication group jobs-queue-dev does not encrypt traffic in transit.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(GROUP, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [{ transitEncryptionEnabled: true, transitEncryptionMode: 'preferred' }, 'COMPLIANT'],
    [{ transitEncryptionEnabled: false, transitEncryptionMode: 'preferred' }, 'NON_COMPLIANT'],
    [{ transitEncryptionEnabled: undefined }, 'NOT_APPLICABLE'],
    [{ transitEncryptionEnabled: 'true' }, 'NOT_APPLICABLE'],
  ] as const)('judges %j as %s', (patch, compliance) => {
    const fixture = withConfiguration(loadFixture(GROUP, 'jobs-redis-defaults'), patch);
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });
});
