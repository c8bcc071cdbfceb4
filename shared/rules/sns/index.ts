import type { Rule } from '#shared/rules/rule';

/** sns rules. */
export const snsRules: readonly Rule[] = [];
