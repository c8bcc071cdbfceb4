import type { Rule } from '#shared/rules/rule';

/** eks rules. */
export const eksRules: readonly Rule[] = [];
