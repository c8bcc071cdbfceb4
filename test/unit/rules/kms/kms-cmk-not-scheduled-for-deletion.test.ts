import { describe, expect, it } from 'vitest';
import { kmsCmkNotScheduledForDeletion as rule } from '#shared/rules/kms/kms-cmk-not-scheduled-for-deletion';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const KEY = 'AWS::KMS::Key';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['customer-key-rotation-enabled', 'COMPLIANT'],
    ['aws-managed-s3-key', 'COMPLIANT'],
    ['pending-deletion-key', 'NON_COMPLIANT'],
    ['deleted', 'NOT_APPLICABLE'],
  ] as const)('judges %s as %s', (name, compliance) => {
    expect(evaluateFixture(rule, loadFixture(KEY, name)).compliance).toBe(compliance);
  });

  it('says when the key will be deleted', () => {
    const fixture = loadFixture(KEY, 'pending-deletion-key');
    const keyId = fixture.item.configuration?.keyId;
    expect(evaluateFixture(rule, fixture).annotation).toBe(
      `KMS key ${keyId} is PendingDeletion, to be deleted on 2026-12-01T00:00:00.000Z.`,
    );
  });

  it('fails a multi-Region replica pending deletion too', () => {
    const fixture = withConfiguration(loadFixture(KEY, 'customer-key-rotation-enabled'), {
      keyState: 'PendingReplicaDeletion',
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('judges only the keys listed in kmsKeyIds, by id or ARN', () => {
    const pending = loadFixture(KEY, 'pending-deletion-key');
    const keyId = String(pending.item.configuration?.keyId);
    const arn = `arn:aws:kms:us-east-1:123456789012:key/${keyId}`;
    expect(evaluateFixture(rule, pending, { parameters: { kmsKeyIds: keyId } }).compliance).toBe(
      'NON_COMPLIANT',
    );
    expect(evaluateFixture(rule, pending, { parameters: { kmsKeyIds: arn } }).compliance).toBe(
      'NON_COMPLIANT',
    );
    expect(
      evaluateFixture(rule, pending, { parameters: { kmsKeyIds: '11111111-2222-3333-4444-555555555555' } }),
    ).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: `KMS key ${keyId} is not one of the keys listed in kmsKeyIds.`,
    });
  });

  it('gives no verdict when the key state was not recorded', () => {
    const fixture = withConfiguration(loadFixture(KEY, 'pending-deletion-key'), { keyState: undefined });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });
});
