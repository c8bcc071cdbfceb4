import type { Rule } from '#shared/rules/rule';

/** kms rules. */
export const kmsRules: readonly Rule[] = [];
