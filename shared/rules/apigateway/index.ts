import type { Rule } from '#shared/rules/rule';

/** apigateway rules. */
export const apigatewayRules: readonly Rule[] = [];
