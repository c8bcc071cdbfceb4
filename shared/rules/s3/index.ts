import type { Rule } from '#shared/rules/rule';

/** s3 rules. */
export const s3Rules: readonly Rule[] = [];
