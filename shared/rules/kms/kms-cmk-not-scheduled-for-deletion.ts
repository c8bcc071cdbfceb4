import {
  canonicalKmsKeyReference,
  KMS_KEY_TYPE,
  KMS_PENDING_DELETION_STATES,
  type KmsKeyConfiguration,
} from '#shared/resources/kms';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * KMS keys are not scheduled for deletion (`keyState` is neither `PendingDeletion` nor
 * `PendingReplicaDeletion`). With `kmsKeyIds` set (key ids or ARNs), only those keys are judged and the
 * others are NOT_APPLICABLE. A key whose state was not recorded is NOT_APPLICABLE too.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/kms-cmk-not-scheduled-for-deletion.html
 */
export const kmsCmkNotScheduledForDeletion = {
  id: 'kms-cmk-not-scheduled-for-deletion',
  title: 'KMS keys are not scheduled for deletion',
  resourceTypes: [KMS_KEY_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {
    kmsKeyIds: {
      type: 'string-list',
      default: [],
      description: 'Customer managed key ids (or ARNs) to check, comma-separated; empty checks every key.',
    },
  },
  rationale:
    'Once the waiting period ends, everything encrypted under a deleted key is unrecoverable; a scheduled deletion is a data-destruction event in waiting.',
  remediationAdvice:
    'If the deletion was not intended, cancel it before the date: `aws kms cancel-key-deletion --key-id <key>`, then `aws kms enable-key --key-id <key>`.',
  evaluate(item, { parameters }) {
    const keyId = item.configuration?.keyId ?? item.resourceId;
    const listed = parameters.kmsKeyIds.map(canonicalKmsKeyReference);
    if (listed.length > 0 && !listed.includes(canonicalKmsKeyReference(keyId))) {
      return notApplicable(`KMS key ${keyId} is not one of the keys listed in kmsKeyIds.`);
    }
    const state = item.configuration?.keyState;
    if (typeof state !== 'string') return notApplicable(`The state of KMS key ${keyId} was not recorded.`);
    if (KMS_PENDING_DELETION_STATES.includes(state)) {
      const date = item.configuration?.deletionDate;
      return nonCompliant(
        `KMS key ${keyId} is ${state}${typeof date === 'string' ? `, to be deleted on ${date}` : ''}.`,
      );
    }
    return compliant(`KMS key ${keyId} is ${state}, not scheduled for deletion.`);
  },
} as const satisfies Rule<{ kmsKeyIds: readonly string[] }, KmsKeyConfiguration>;
