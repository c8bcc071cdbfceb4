import type { Rule } from './rule';

/**
 * What synth needs of a custom rule (checked at synth time like a built-in one): its id for
 * `enabledRules`, its parameter specs for `ruleParameters`, its resource types for the Config rule's scope.
 */
export type CustomRuleSummary = Pick<Rule, 'id' | 'title' | 'resourceTypes' | 'parameters'> & {
  readonly reads: readonly string[];
};
