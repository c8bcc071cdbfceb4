import type { Rule } from '#shared/rules/rule';
import { cmkBackingKeyRotationEnabled } from './cmk-backing-key-rotation-enabled';

/** KMS rules. */
export const kmsRules: readonly Rule[] = [cmkBackingKeyRotationEnabled];
