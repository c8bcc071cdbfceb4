import type { Rule } from '#shared/rules/rule';

/** elb rules. */
export const elbRules: readonly Rule[] = [];
