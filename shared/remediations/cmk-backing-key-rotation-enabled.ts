import {
  KMS_KEY_TYPE,
  KMS_PENDING_DELETION_STATES,
  type KmsKeyConfiguration,
  kmsKeySpec,
  recordedBoolean,
} from '#shared/resources/kms';
import { nothingToDo, planCalls, type Remediation, refuse } from './remediation';

const UNROTATABLE_ORIGINS = new Set(['EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE']);

/**
 * Enables automatic yearly rotation of a customer managed symmetric key (`EnableKeyRotation`). Old key
 * material stays available, so nothing encrypted becomes unreadable. Keys KMS cannot rotate (AWS managed,
 * asymmetric, HMAC, imported or custom key store material, pending deletion) are left alone; a disabled
 * key is refused, since KMS rejects the call until someone re-enables it.
 */
export const cmkBackingKeyRotationEnabledRemediation = {
  ruleId: 'cmk-backing-key-rotation-enabled',
  title: 'Enable automatic key rotation',
  resourceTypes: [KMS_KEY_TYPE],
  permissions: ['kms:EnableKeyRotation'],
  verification: 'immediate',
  plan(item) {
    const key = item.configuration ?? {};
    const id = key.keyId ?? item.resourceId;
    if (key.keyManager !== undefined && key.keyManager !== 'CUSTOMER') {
      return nothingToDo(`Key ${id} is managed by ${key.keyManager}.`);
    }
    if (key.keyState !== undefined && KMS_PENDING_DELETION_STATES.includes(key.keyState)) {
      return nothingToDo(`Key ${id} is ${key.keyState}.`);
    }
    if (kmsKeySpec(key) !== 'SYMMETRIC_DEFAULT') {
      return nothingToDo(`Key ${id} is not a symmetric encryption key; KMS cannot rotate it.`);
    }
    if (key.origin !== undefined && UNROTATABLE_ORIGINS.has(key.origin)) {
      return nothingToDo(`Key ${id} has origin ${key.origin}; KMS cannot rotate it.`);
    }
    if (recordedBoolean(item.supplementaryConfiguration.KeyRotationStatus) === true) {
      return nothingToDo(`Automatic rotation of key ${id} is already enabled.`);
    }
    if (key.keyState !== undefined && key.keyState !== 'Enabled') {
      return refuse(`Key ${id} is ${key.keyState}; KMS enables rotation only on an enabled key.`);
    }
    return planCalls({
      service: 'kms',
      operation: 'EnableKeyRotation',
      input: { KeyId: key.arn ?? id },
      description: `Enable automatic yearly rotation of KMS key ${id}`,
    });
  },
} as const satisfies Remediation<Record<string, never>, KmsKeyConfiguration>;
