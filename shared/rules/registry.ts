import { cloudwatchRules } from './cloudwatch/index';
import type { Rule } from './rule';

/** Every rule Vigil ships, in catalog order. */
export const RULES: readonly Rule[] = [...cloudwatchRules];

/** The rule with this id, if Vigil has one. */
export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
