import type { Rule } from '#shared/rules/rule';

/** dynamodb rules. */
export const dynamodbRules: readonly Rule[] = [];
