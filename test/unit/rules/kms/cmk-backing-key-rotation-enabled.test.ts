import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { cmkBackingKeyRotationEnabled as rule } from '#shared/rules/kms/cmk-backing-key-rotation-enabled';
import { evaluateFixture, loadFixture, withConfiguration, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::KMS::Key';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a customer managed symmetric key with rotation enabled', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'customer-key-rotation-enabled'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Automatic rotation is enabled for key 3f6b1c2e-8d4a-4b7e-9a51-0c2d7e4f9b13.',
    });
  });

  it('fails a customer managed symmetric key with rotation disabled', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'customer-key-rotation-disabled'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Automatic rotation is disabled for key a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9.',
    });
  });

  it.each([
    ['an AWS managed key', 'aws-managed-s3-key', 'managed by AWS'],
    ['an asymmetric signing key', 'asymmetric-signing-key', 'RSA_3072'],
    ['a key pending deletion', 'pending-deletion-key', 'PendingDeletion'],
  ])('reports %s as NOT_APPLICABLE', (_label, name, reason) => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, name));
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain(reason);
  });

  it.each([
    [
      'HMAC_256 (keySpec)',
      { keySpec: 'HMAC_256', customerMasterKeySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC' },
    ],
    [
      'ECC_NIST_P256 (only the legacy customerMasterKeySpec)',
      { keySpec: undefined, customerMasterKeySpec: 'ECC_NIST_P256' },
    ],
    ['imported key material', { origin: 'EXTERNAL' }],
    ['a CloudHSM key store', { origin: 'AWS_CLOUDHSM' }],
    ['an external key store', { origin: 'EXTERNAL_KEY_STORE' }],
    ['a replica pending deletion', { keyState: 'PendingReplicaDeletion' }],
  ])('reports a key with %s as NOT_APPLICABLE', (_label, patch) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'customer-key-rotation-disabled'), patch);
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it('still judges a disabled customer key', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'customer-key-rotation-disabled'), {
      keyState: 'Disabled',
      enabled: false,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('treats a key with no recorded spec as symmetric (keys created before specs existed)', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'customer-key-rotation-enabled'), {
      keySpec: undefined,
      customerMasterKeySpec: undefined,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('gives no verdict on a customer key whose rotation status was not collected', () => {
    const base = loadFixture(TYPE, 'customer-key-rotation-enabled');
    const fixture = { ...base, item: { ...base.item, supplementaryConfiguration: {} } };
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'Rotation status of key 3f6b1c2e-8d4a-4b7e-9a51-0c2d7e4f9b13 was not collected.',
    });
  });

  it.each([
    ['"true"', 'true', 'COMPLIANT'],
    ['"False"', 'False', 'NON_COMPLIANT'],
    ['a GetKeyRotationStatus-shaped object', { keyRotationEnabled: true }, 'COMPLIANT'],
    ['an unreadable value', 'maybe', 'NOT_APPLICABLE'],
  ] as const)('reads KeyRotationStatus given as %s', (_label, value, expected) => {
    const fixture = withSupplementary(loadFixture(TYPE, 'customer-key-rotation-enabled'), {
      KeyRotationStatus: value,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it('reports a deleted key as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
