import { describe, expect, it } from 'vitest';
import { cmkBackingKeyRotationEnabledRemediation as remediation } from '#shared/remediations/cmk-backing-key-rotation-enabled';
import { withConfiguration, withSupplementary } from '#test/support/fixtures';
import { loadFixture, onlyCall, planOn } from './support';

const TYPE = 'AWS::KMS::Key';

describe('cmk-backing-key-rotation-enabled: Enable automatic key rotation', () => {
  it('enables rotation of a customer key without it', () => {
    const call = onlyCall(planOn(remediation, loadFixture(TYPE, 'customer-key-rotation-disabled')));
    expect(call.service).toBe('kms');
    expect(call.operation).toBe('EnableKeyRotation');
    expect(call.input).toHaveProperty('KeyId');
  });

  it('plans when the rotation status is not recorded', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'customer-key-rotation-disabled'), {
      KeyRotationStatus: undefined,
    });
    expect(planOn(remediation, fixture).kind).toBe('calls');
  });

  it.each([
    'customer-key-rotation-enabled',
    'aws-managed-s3-key',
    'asymmetric-signing-key',
    'pending-deletion-key',
  ])('does nothing for %s', (name) => {
    expect(planOn(remediation, loadFixture(TYPE, name)).kind).toBe('none');
  });

  it('refuses a disabled key (KMS rejects the call until it is enabled)', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'customer-key-rotation-disabled'), {
      keyState: 'Disabled',
    });
    const plan = planOn(remediation, fixture);
    expect(plan.kind).toBe('refused');
  });

  it('does nothing for imported key material', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'customer-key-rotation-disabled'), {
      origin: 'EXTERNAL',
    });
    expect(planOn(remediation, fixture).kind).toBe('none');
  });
});
