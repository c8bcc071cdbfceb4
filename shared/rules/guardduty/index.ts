import type { Rule } from '#shared/rules/rule';

/** guardduty rules. */
export const guarddutyRules: readonly Rule[] = [];
