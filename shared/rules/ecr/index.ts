import type { Rule } from '#shared/rules/rule';

/** ecr rules. */
export const ecrRules: readonly Rule[] = [];
