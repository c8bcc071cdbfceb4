// The public entry a custom rule imports (`vigil/rule`): types and the verdict helpers, nothing that
// loads the catalog, so a rule bundled into the functions stays small and free of import cycles.
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { FrameworkId } from '#shared/frameworks/framework';
import type { Parameters, Rule } from './rule';

export type { ConfigurationItem } from '#shared/config-item/configuration-item';
export type { FrameworkId } from '#shared/frameworks/framework';
export type { ParameterSpec, ParameterSpecs, Parameters, RuleContext, Severity } from './rule';
export { type Compliance, compliant, nonCompliant, notApplicable, type RuleVerdict } from './verdict';

/**
 * The framework controls a custom rule serves, per framework (`soc2`, `cis`, `iso27001`, `pci`); every id
 * must be a control of that framework, and at least one framework must be named.
 */
export type CustomRuleControls = Readonly<Partial<Record<FrameworkId, readonly string[]>>>;

/**
 * A configuration item of a custom rule's examples: `configuration` and whatever else the rule reads;
 * the identity fields default to a made-up resource of the rule's first resource type.
 */
export type CustomRuleExample<TConfiguration extends Record<string, unknown> = Record<string, unknown>> =
  Partial<Omit<ConfigurationItem<TConfiguration>, 'configuration'>> & {
    readonly configuration: TConfiguration | null;
  };

/** The items a custom rule must judge COMPLIANT and NON_COMPLIANT with its default parameters. */
export interface CustomRuleExamples<
  TConfiguration extends Record<string, unknown> = Record<string, unknown>,
> {
  readonly compliant: readonly CustomRuleExample<TConfiguration>[];
  readonly nonCompliant: readonly CustomRuleExample<TConfiguration>[];
}

/**
 * A rule kept in the user's own folder, one per module as its default export: the built-in `Rule`
 * interface (`managedRule` may be left out: a custom rule mirrors no AWS Config managed rule), plus the
 * framework controls it serves and examples that loading runs it against.
 */
export type CustomRule<
  TParameters extends Parameters = Parameters,
  TConfiguration extends Record<string, unknown> = Record<string, unknown>,
> = Omit<Rule<TParameters, TConfiguration>, 'managedRule' | 'deviation'> & {
  readonly managedRule?: false;
  readonly controls: CustomRuleControls;
  readonly examples: CustomRuleExamples<TConfiguration>;
};
