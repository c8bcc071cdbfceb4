import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { Inventory, InventoryRef } from './inventory';
import type { RuleVerdict } from './verdict';

// The SOC 2 criteria moved to the SOC 2 framework pack; re-exported here for existing importers.
export { SOC2_CRITERIA, type Soc2Criterion } from '#shared/frameworks/soc2';

/** How urgent a NON_COMPLIANT result of a rule is, highest first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;

/** Severity of a rule. */
export type Severity = (typeof SEVERITIES)[number];

export type { Compliance } from './verdict';

export { compliant, nonCompliant, notApplicable, type RuleVerdict } from './verdict';

/** Values a rule parameter may take. */
export type ParameterValue = number | string | boolean | readonly string[];

/** A rule's resolved parameters. */
export type Parameters = Readonly<Record<string, ParameterValue>>;

/** How one parameter is named, typed and defaulted (the AWS Config managed rule's default where one exists). */
export interface ParameterSpec<TValue extends ParameterValue = ParameterValue> {
  readonly type: TValue extends number
    ? 'number'
    : TValue extends boolean
      ? 'boolean'
      : TValue extends string
        ? 'string'
        : 'string-list';
  readonly default: TValue;
  readonly description: string;
}

/** The parameter specs of a rule, one per key of its parameters type. */
export type ParameterSpecs<TParameters extends Parameters> = {
  readonly [Key in keyof TParameters]: ParameterSpec<TParameters[Key]>;
};

/** Everything a rule may use besides the item itself: no clock but `now`, no I/O. */
export interface RuleContext<TParameters extends Parameters = Parameters> {
  readonly parameters: TParameters;
  readonly now: Date;
  /** The other recorded resources of the same account, for rules that judge one resource by others. */
  readonly inventory: Inventory;
}

/**
 * The resource type of account-level rules (password policy, multi-region trail, …), as AWS Config
 * reports them.
 */
export const ACCOUNT_RESOURCE_TYPE = 'AWS::::Account';

/**
 * A compliance rule: typed metadata plus a pure `evaluate()`. File name = `id`. Which framework controls
 * it serves is not the rule's business: the framework packs under `shared/frameworks/` map rule ids to them.
 * `TConfiguration` types the parts of `configuration` the rule reads (declare it with `type`, not
 * `interface`, so it stays assignable to a plain record).
 */
export interface Rule<
  TParameters extends Parameters = Parameters,
  TConfiguration extends Record<string, unknown> = Record<string, unknown>,
> {
  /** The AWS Config managed rule identifier when the rule mirrors one, otherwise a descriptive id. */
  readonly id: string;
  /** The compliant state, phrased as a fact: "S3 buckets refuse non-TLS requests". */
  readonly title: string;
  /** Resource types the rule judges; `AWS::::Account` for account-level rules. */
  readonly resourceTypes: readonly string[];
  /** Other resource types the rule reads from the inventory; a change to one re-evaluates the rule. */
  readonly reads?: readonly string[];
  readonly severity: Severity;
  readonly parameters: ParameterSpecs<TParameters>;
  /** Why an auditor cares, in one line. */
  readonly rationale: string;
  /** What to change to comply, in a sentence or two a person can act on. */
  readonly remediationAdvice: string;
  /** Whether the rule mirrors an AWS Config managed rule of the same id. */
  readonly managedRule: boolean;
  /**
   * How and why a managed-rule twin departs on purpose from the managed rule's documented semantics or
   * defaults, in a sentence or two; absent when it does not. Rendered in docs/rules.md.
   */
  readonly deviation?: string;
  /**
   * For a rule that judges a resource by a few others it names (a bucket by its replication destinations),
   * those others, of types listed in `reads`: the inventory then holds just them instead of every item of
   * those types. Pure, like `evaluate`; absent, the inventory holds every item of each type in `reads`.
   */
  readsOf?(item: ConfigurationItem<TConfiguration>, parameters: TParameters): readonly InventoryRef[];
  evaluate(item: ConfigurationItem<TConfiguration>, context: RuleContext<TParameters>): RuleVerdict;
}
