import { findRule, RULES } from './registry';

const TITLES: ReadonlyMap<string, string> = new Map(RULES.map((rule) => [rule.id, rule.title]));

/**
 * The catalog title of a rule, built-in or custom (findings name rules by id only; titles are
 * documentation that may be reworded between releases), or the id itself for a rule this build does not know.
 */
export function ruleTitleOf(ruleId: string): string {
  return TITLES.get(ruleId) ?? findRule(ruleId)?.title ?? ruleId;
}
