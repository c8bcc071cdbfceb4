import type { Rule } from '#shared/rules/rule';

/** rds rules. */
export const rdsRules: readonly Rule[] = [];
