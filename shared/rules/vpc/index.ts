import type { Rule } from '#shared/rules/rule';

/** vpc rules. */
export const vpcRules: readonly Rule[] = [];
