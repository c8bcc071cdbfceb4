import type { Rule } from '#shared/rules/rule';

/** iam rules. */
export const iamRules: readonly Rule[] = [];
