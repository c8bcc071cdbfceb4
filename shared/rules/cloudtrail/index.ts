import type { Rule } from '#shared/rules/rule';

/** cloudtrail rules. */
export const cloudtrailRules: readonly Rule[] = [];
