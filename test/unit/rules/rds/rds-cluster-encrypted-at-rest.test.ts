import { describe, expect, it } from 'vitest';
import { rdsClusterEncryptedAtRest as rule } from '#shared/rules/rds/rds-cluster-encrypted-at-rest';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const CLUSTER = 'AWS::RDS::DBCluster';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/5d8f2c1e-7a4b-4e9f-9c3d-2b6a1e0f8d47';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'aurora-postgresql-hardened',
      'COMPLIANT',
      `DB cluster ledger-aurora storage is encrypted at rest with ${KEY}.`,
    ],
    [
      'aurora-mysql-dev-defaults',
      'NON_COMPLIANT',
      'DB cluster reporting-dev storage is not encrypted at rest.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(CLUSTER, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [{ storageEncrypted: true, kmsKeyId: null }, 'COMPLIANT'],
    [{ storageEncrypted: false, kmsKeyId: KEY }, 'NON_COMPLIANT'],
    [{ storageEncrypted: undefined, kmsKeyId: KEY }, 'NOT_APPLICABLE'],
  ] as const)('judges %j by storageEncrypted alone: %s', (patch, compliance) => {
    const fixture = withConfiguration(loadFixture(CLUSTER, 'aurora-mysql-dev-defaults'), patch);
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });
});
