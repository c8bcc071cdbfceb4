import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { rdsStorageEncrypted as rule } from '#shared/rules/rds/rds-storage-encrypted';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::RDS::DBInstance';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/5d8f2c1e-7a4b-4e9f-9c3d-2b6a1e0f8d47';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes an encrypted instance and names its key', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'postgres-private-multi-az'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: `DB instance orders-prod storage is encrypted with ${KEY}.`,
    });
  });

  it('fails an unencrypted instance', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'mysql-public-single-az'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'DB instance legacy-reporting storage is not encrypted.',
    });
  });

  it('gives no verdict on an item without storageEncrypted (not collected)', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'postgres-private-multi-az'), {
      storageEncrypted: undefined,
    });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('storageEncrypted was not recorded');
  });

  it.each([
    ['the same ARN', KEY, 'COMPLIANT'],
    ['the bare key id', '5d8f2c1e-7a4b-4e9f-9c3d-2b6a1e0f8d47', 'COMPLIANT'],
    [
      'another key',
      'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
      'NON_COMPLIANT',
    ],
    ['a key id that is only a suffix of the real one', 'e0f8d47', 'NON_COMPLIANT'],
  ] as const)('with kmsKeyId set to %s the verdict is %s', (_label, kmsKeyId, expected) => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'postgres-private-multi-az'), {
      parameters: { kmsKeyId },
    });
    expect(verdict.compliance).toBe(expected);
  });

  it('gives no verdict on an encrypted instance whose key was not recorded when kmsKeyId is required', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'postgres-private-multi-az'), { kmsKeyId: null });
    const verdict = evaluateFixture(rule, fixture, { parameters: { kmsKeyId: KEY } });
    expect(verdict).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: `DB instance orders-prod storage is encrypted, but its key was not recorded; ${KEY} cannot be confirmed.`,
    });
  });

  it('reports a deleted instance as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
