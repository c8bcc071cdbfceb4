import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { Inventory, InventoryRef } from './inventory';

/**
 * AICPA 2017 Trust Services Criteria (revised points of focus, 2022) that Vigil's rules map to.
 * @see https://www.aicpa-cima.com/resources/download/2017-trust-services-criteria-with-revised-points-of-focus-2022
 */
export const SOC2_CRITERIA = [
  'CC1.1',
  'CC1.2',
  'CC1.3',
  'CC1.4',
  'CC1.5',
  'CC2.1',
  'CC2.2',
  'CC2.3',
  'CC3.1',
  'CC3.2',
  'CC3.3',
  'CC3.4',
  'CC4.1',
  'CC4.2',
  'CC5.1',
  'CC5.2',
  'CC5.3',
  'CC6.1',
  'CC6.2',
  'CC6.3',
  'CC6.4',
  'CC6.5',
  'CC6.6',
  'CC6.7',
  'CC6.8',
  'CC7.1',
  'CC7.2',
  'CC7.3',
  'CC7.4',
  'CC7.5',
  'CC8.1',
  'CC9.1',
  'CC9.2',
  'A1.1',
  'A1.2',
  'A1.3',
  'C1.1',
  'C1.2',
  'PI1.1',
  'PI1.2',
  'PI1.3',
  'PI1.4',
  'PI1.5',
] as const;

/** One SOC 2 Trust Services Criterion, e.g. `CC6.1`. */
export type Soc2Criterion = (typeof SOC2_CRITERIA)[number];

/** How urgent a NON_COMPLIANT result of a rule is, highest first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;

/** Severity of a rule. */
export type Severity = (typeof SEVERITIES)[number];

/** What a rule can conclude about one resource. */
export type Compliance = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

/** A rule's conclusion with the sentence a person reads (Config keeps at most 256 characters). */
export interface RuleVerdict {
  readonly compliance: Compliance;
  readonly annotation: string;
}

/** Verdict: the resource is in the compliant state. */
export function compliant(annotation: string): RuleVerdict {
  return { compliance: 'COMPLIANT', annotation };
}

/** Verdict: the resource is not in the compliant state; say what is wrong. */
export function nonCompliant(annotation: string): RuleVerdict {
  return { compliance: 'NON_COMPLIANT', annotation };
}

/** Verdict: the rule does not apply to this resource; say why. */
export function notApplicable(annotation: string): RuleVerdict {
  return { compliance: 'NOT_APPLICABLE', annotation };
}

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
 * A compliance rule: typed metadata plus a pure `evaluate()`. File name = `id`.
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
  readonly soc2: readonly Soc2Criterion[];
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
