import type { Rule } from '#shared/rules/rule';
import { lambdaFunctionPublicAccessProhibited } from './lambda-function-public-access-prohibited';

/** lambda rules. */
export const lambdaRules: readonly Rule[] = [lambdaFunctionPublicAccessProhibited];
