import type { Rule } from '#shared/rules/rule';
import { efsEncryptedCheck } from './efs-encrypted-check';

/** EFS rules. */
export const efsRules: readonly Rule[] = [efsEncryptedCheck];
