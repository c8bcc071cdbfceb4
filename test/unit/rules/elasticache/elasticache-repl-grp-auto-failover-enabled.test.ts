import { describe, expect, it } from 'vitest';
import { elasticacheReplGrpAutoFailoverEnabled as rule } from '#shared/rules/elasticache/elasticache-repl-grp-auto-failover-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const GROUP = 'AWS::ElastiCache::ReplicationGroup';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'sessions-valkey-hardened',
      'COMPLIANT',
      'Replication group sessions-prod has automatic failover enabled.',
    ],
    [
      'jobs-redis-defaults',
      'NON_COMPLIANT',
      'Replication group jobs-queue-dev has automatic failover disabled, not enabled.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(GROUP, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['enabling', 'NON_COMPLIANT'],
    ['disabling', 'NON_COMPLIANT'],
    ['ENABLED', 'COMPLIANT'],
    ['', 'NOT_APPLICABLE'],
    [undefined, 'NOT_APPLICABLE'],
  ] as const)('judges automaticFailover %j as %s', (automaticFailover, compliance) => {
    const fixture = withConfiguration(loadFixture(GROUP, 'sessions-valkey-hardened'), { automaticFailover });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });
});
