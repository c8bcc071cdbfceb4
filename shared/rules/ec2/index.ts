import type { Rule } from '#shared/rules/rule';

/** ec2 rules. */
export const ec2Rules: readonly Rule[] = [];
