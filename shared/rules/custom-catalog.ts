import type { FrameworkId } from '#shared/frameworks/framework';
import { BUNDLED_CUSTOM_RULES } from './custom-bundled';
import type { CustomRule, CustomRuleControls } from './custom-rule';
import type { Rule } from './rule';

// The custom rules of this process: the ones bundled into a function (validated when they were bundled)
// and the ones `vigil … --rules DIR` loaded. The framework lookups, rule titles and the catalog read them
// here, so a custom rule shows in every output the way a built-in does.

interface Registered {
  readonly rule: Rule;
  readonly controls: CustomRuleControls;
}

const registered = new Map<string, Registered>();

const NO_CONTROLS: readonly string[] = [];

/** A custom rule as the engine runs it: the `Rule` it is, with `managedRule: false`. */
export function asRule(custom: CustomRule): Rule {
  const { controls: _controls, examples: _examples, ...rule } = custom;
  return { ...rule, managedRule: false } as Rule;
}

/**
 * Adds custom rules to the process's catalog (already validated: `loadCustomRules` or the bundler did);
 * registering the same id again replaces it.
 */
export function registerCustomRules(rules: readonly CustomRule[]): readonly Rule[] {
  return rules.map((custom) => {
    const rule = asRule(custom);
    registered.set(rule.id, { rule, controls: custom.controls });
    return rule;
  });
}

/** The custom rules registered in this process, in registration order. */
export function customRules(): readonly Rule[] {
  return [...registered.values()].map((entry) => entry.rule);
}

/** Whether a rule id is a registered custom rule. */
export function isCustomRule(ruleId: string): boolean {
  return registered.has(ruleId);
}

/** The controls of one framework a registered custom rule serves; none for any other id. */
export function customControls(frameworkId: FrameworkId, ruleId: string): readonly string[] {
  return registered.get(ruleId)?.controls[frameworkId] ?? NO_CONTROLS;
}

registerCustomRules(BUNDLED_CUSTOM_RULES);

/**
 * Removes custom rules registered at run time, for a long-lived caller done with a folder (a test, a
 * library user); rules bundled into the function are never removed.
 */
export function unregisterCustomRules(ruleIds: readonly string[]): void {
  const bundled = new Set(BUNDLED_CUSTOM_RULES.map((rule) => rule.id));
  for (const ruleId of ruleIds) if (!bundled.has(ruleId)) registered.delete(ruleId);
}
