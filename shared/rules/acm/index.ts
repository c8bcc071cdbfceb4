import type { Rule } from '#shared/rules/rule';

/** acm rules. */
export const acmRules: readonly Rule[] = [];
