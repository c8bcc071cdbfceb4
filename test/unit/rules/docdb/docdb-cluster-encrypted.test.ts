import { describe, expect, it } from 'vitest';
import { docdbClusterEncrypted as rule } from '#shared/rules/docdb/docdb-cluster-encrypted';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const CLUSTER = 'AWS::RDS::DBCluster';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/7c1e4a9b-2d3f-4e58-a6b7-0f9e8d7c6b5a';
const OTHER_KEY = 'arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'docdb-catalog-hardened',
      'COMPLIANT',
      `DocumentDB cluster catalog-docdb storage is encrypted with ${KEY}.`,
    ],
    [
      'docdb-sessions-defaults',
      'NON_COMPLIANT',
      'DocumentDB cluster sessions-docdb-dev storage is not encrypted.',
    ],
    [
      'aurora-mysql-dev-defaults',
      'NOT_APPLICABLE',
      'DB cluster reporting-dev runs aurora-mysql, not Amazon DocumentDB.',
    ],
    [
      'aurora-postgresql-hardened',
      'NOT_APPLICABLE',
      'DB cluster ledger-aurora runs aurora-postgresql, not Amazon DocumentDB.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(CLUSTER, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['the key is listed', [OTHER_KEY, KEY], 'COMPLIANT'],
    ['the key is not listed', [OTHER_KEY], 'NON_COMPLIANT'],
  ] as const)('with kmsKeyArns, passes only when %s', (_label, kmsKeyArns, compliance) => {
    const verdict = evaluateFixture(rule, loadFixture(CLUSTER, 'docdb-catalog-hardened'), {
      parameters: { kmsKeyArns },
    });
    expect(verdict.compliance).toBe(compliance);
  });

  it('names the key that is not approved', () => {
    const verdict = evaluateFixture(rule, loadFixture(CLUSTER, 'docdb-catalog-hardened'), {
      parameters: { kmsKeyArns: [OTHER_KEY] },
    });
    expect(verdict.annotation).toBe(
      `DocumentDB cluster catalog-docdb is encrypted with ${KEY}, which is not in kmsKeyArns.`,
    );
  });

  it.each([
    ['storageEncrypted not recorded', { storageEncrypted: undefined }, {}],
    ['engine not recorded', { engine: undefined }, {}],
    ['kmsKeyId not recorded while keys are listed', { kmsKeyId: null }, { kmsKeyArns: [KEY] }],
  ] as const)('is NOT_APPLICABLE, never judged, when %s', (_label, patch, parameters) => {
    const fixture = withConfiguration(loadFixture(CLUSTER, 'docdb-catalog-hardened'), patch);
    expect(evaluateFixture(rule, fixture, { parameters }).compliance).toBe('NOT_APPLICABLE');
  });

  it('passes an encrypted cluster with no recorded key when no keys are listed', () => {
    const fixture = withConfiguration(loadFixture(CLUSTER, 'docdb-catalog-hardened'), { kmsKeyId: null });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'DocumentDB cluster catalog-docdb storage is encrypted.',
    });
  });

  it('matches the engine without regard to case', () => {
    const fixture = withConfiguration(loadFixture(CLUSTER, 'docdb-sessions-defaults'), { engine: 'DocDB' });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });
});
