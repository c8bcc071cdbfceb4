import type { Rule } from '#shared/rules/rule';

/** secretsmanager rules. */
export const secretsmanagerRules: readonly Rule[] = [];
