import type { Rule } from '#shared/rules/rule';
import { cmkBackingKeyRotationEnabled } from './cmk-backing-key-rotation-enabled';
import { kmsCmkNotScheduledForDeletion } from './kms-cmk-not-scheduled-for-deletion';

/** KMS rules. */
export const kmsRules: readonly Rule[] = [cmkBackingKeyRotationEnabled, kmsCmkNotScheduledForDeletion];
