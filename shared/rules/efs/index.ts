import type { Rule } from '#shared/rules/rule';

/** efs rules. */
export const efsRules: readonly Rule[] = [];
