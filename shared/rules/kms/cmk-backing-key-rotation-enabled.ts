import {
  KMS_KEY_TYPE,
  KMS_PENDING_DELETION_STATES,
  type KmsKeyConfiguration,
  kmsKeySpec,
  recordedBoolean,
} from '#shared/resources/kms';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** Key origins whose material KMS cannot rotate automatically. */
const UNROTATABLE_ORIGINS = new Set(['EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE']);

/**
 * Customer managed symmetric KMS keys rotate their key material automatically.
 *
 * Only keys KMS can rotate are judged: AWS managed keys (rotated by AWS every year), asymmetric, HMAC
 * and key-agreement keys, keys with imported material or in custom key stores, and keys pending
 * deletion are NOT_APPLICABLE. Rotation status is read from `supplementaryConfiguration.KeyRotationStatus`
 * (a boolean, `GetKeyRotationStatus` → `KeyRotationEnabled`; see `KmsKeyConfiguration`); when it is not
 * recorded (Config records it for these keys; the describer leaves it out when the read was refused) the
 * key is NOT_APPLICABLE with that reason, never failed for data that was not collected. Disabled keys
 * are still judged: re-enabling one must not bring back an unrotated key.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cmk-backing-key-rotation-enabled.html
 */
export const cmkBackingKeyRotationEnabled = {
  id: 'cmk-backing-key-rotation-enabled',
  title: 'Customer managed KMS keys rotate their key material automatically',
  resourceTypes: [KMS_KEY_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Regular rotation limits how much data one key version protects and how long a leaked key stays useful.',
  remediationAdvice:
    'Enable automatic rotation (KMS console > key > Key rotation, or `aws kms enable-key-rotation --key-id <id>`).',
  evaluate(item) {
    const key = item.configuration ?? {};
    const id = key.keyId ?? item.resourceId;
    if (key.keyManager !== undefined && key.keyManager !== 'CUSTOMER') {
      return notApplicable(`Key ${id} is managed by ${key.keyManager}, which rotates it.`);
    }
    if (key.keyState !== undefined && KMS_PENDING_DELETION_STATES.includes(key.keyState)) {
      return notApplicable(`Key ${id} is ${key.keyState}.`);
    }
    const spec = kmsKeySpec(key);
    if (spec !== 'SYMMETRIC_DEFAULT') {
      return notApplicable(`Key ${id} has spec ${spec}; KMS rotates only symmetric encryption keys.`);
    }
    if (key.origin !== undefined && UNROTATABLE_ORIGINS.has(key.origin)) {
      return notApplicable(
        `Key ${id} has origin ${key.origin}; KMS cannot rotate its material automatically.`,
      );
    }
    const rotation = recordedBoolean(item.supplementaryConfiguration.KeyRotationStatus);
    if (rotation === undefined) return notApplicable(`Rotation status of key ${id} was not collected.`);
    return rotation
      ? compliant(`Automatic rotation is enabled for key ${id}.`)
      : nonCompliant(`Automatic rotation is disabled for key ${id}.`);
  },
} as const satisfies Rule<Record<string, never>, KmsKeyConfiguration>;
