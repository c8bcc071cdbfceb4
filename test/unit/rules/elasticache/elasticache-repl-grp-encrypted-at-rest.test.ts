import { describe, expect, it } from 'vitest';
import { elasticacheReplGrpEncryptedAtRest as rule } from '#shared/rules/elasticache/elasticache-repl-grp-encrypted-at-rest';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const GROUP = 'AWS::ElastiCache::ReplicationGroup';
const KEY_ID = '3f9a1c27-5b8e-4d60-9a2f-6c1e0d7b4a85';
const KEY = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;
const OTHER_KEY_ID = '9b0c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'sessions-valkey-hardened',
      'COMPLIANT',
      `Replication group sessions-prod is encrypted at rest with ${KEY}.`,
    ],
    ['jobs-redis-defaults', 'NON_COMPLIANT', 'Replication group jobs-queue-dev is not encrypted at rest.'],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(GROUP, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['its key id', [OTHER_KEY_ID, KEY_ID], 'COMPLIANT'],
    ['its key ARN', [KEY], 'COMPLIANT'],
    ['only another key', [OTHER_KEY_ID], 'NON_COMPLIANT'],
  ] as const)('with approvedKMSKeyIds listing %s: %s', (_label, approvedKMSKeyIds, compliance) => {
    const verdict = evaluateFixture(rule, loadFixture(GROUP, 'sessions-valkey-hardened'), {
      parameters: { approvedKMSKeyIds },
    });
    expect(verdict.compliance).toBe(compliance);
  });

  it('passes a group on the default ElastiCache key unless approved keys are listed', () => {
    const fixture = withConfiguration(loadFixture(GROUP, 'sessions-valkey-hardened'), {
      kmsKeyId: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Replication group sessions-prod is encrypted at rest with the default ElastiCache key.',
    });
    expect(evaluateFixture(rule, fixture, { parameters: { approvedKMSKeyIds: [KEY_ID] } })).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Replication group sessions-prod is encrypted at rest with the default ElastiCache key, which is not in approvedKMSKeyIds.',
    });
  });

  it('reads CloudFormation-style capitalised fields too', () => {
    const fixture = withConfiguration(loadFixture(GROUP, 'jobs-redis-defaults'), {
      atRestEncryptionEnabled: undefined,
      AtRestEncryptionEnabled: true,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('is NOT_APPLICABLE when atRestEncryptionEnabled was not recorded', () => {
    const fixture = withConfiguration(loadFixture(GROUP, 'jobs-redis-defaults'), {
      atRestEncryptionEnabled: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'Replication group jobs-queue-dev atRestEncryptionEnabled was not recorded.',
    });
  });
});
