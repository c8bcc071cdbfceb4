import type { Rule } from '#shared/rules/rule';

/** backup rules. */
export const backupRules: readonly Rule[] = [];
