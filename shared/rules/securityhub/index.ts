import type { Rule } from '#shared/rules/rule';

/** securityhub rules. */
export const securityhubRules: readonly Rule[] = [];
