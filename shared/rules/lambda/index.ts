import type { Rule } from '#shared/rules/rule';

/** lambda rules. */
export const lambdaRules: readonly Rule[] = [];
