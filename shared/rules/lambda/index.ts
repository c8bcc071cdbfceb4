import type { Rule } from '#shared/rules/rule';
import { lambdaDlqCheck } from './lambda-dlq-check';
import { lambdaFunctionPublicAccessProhibited } from './lambda-function-public-access-prohibited';
import { lambdaInsideVpc } from './lambda-inside-vpc';

/** lambda rules. */
export const lambdaRules: readonly Rule[] = [
  lambdaFunctionPublicAccessProhibited,
  lambdaInsideVpc,
  lambdaDlqCheck,
];
