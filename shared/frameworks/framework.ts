/** Short ids of the frameworks Vigil ships a pack for, default first. */
export const FRAMEWORK_IDS = ['soc2', 'cis', 'iso27001', 'pci'] as const;

/** Short id of a framework: `soc2`, `cis`, `iso27001` or `pci`. */
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

/** The framework a scan, export or report uses when none is asked for. */
export const DEFAULT_FRAMEWORK_ID: FrameworkId = 'soc2';

/** One control (criterion, recommendation, requirement) of a framework: its id and a short title. */
export interface Control<TControlId extends string = string> {
  readonly id: TControlId;
  /** A short paraphrase for headings; the framework's own text is the authority. */
  readonly title: string;
}

/** A compliance framework at one version, with every control of it that bears on AWS configuration. */
export interface Framework<TControlId extends string = string> {
  readonly id: FrameworkId;
  /** The id with the version, e.g. `cis-aws-5.0.0`, accepted wherever the short id is. */
  readonly versionedId: string;
  readonly title: string;
  readonly version: string;
  /** Public pages the control ids and titles were taken from. */
  readonly sources: readonly string[];
  /** Every control, in the framework's order; a control no rule maps is left to manual evidence. */
  readonly controls: readonly Control<TControlId>[];
}

/**
 * How much of a pack can be checked against one of the AWS Config conformance pack templates AWS
 * publishes for its framework: `controls` when the template maps managed rules to control ids of the
 * pack's own framework version (compared id for id); `translated` when it maps them to ids of another
 * version that the check's `translation` carries over (the pack must share at least one translated
 * control); `rules` when only the set of managed rules it deploys can be compared (no control ids
 * given); `nothing` when the template deploys no rules at all.
 */
export type AwsTemplateComparison = 'controls' | 'translated' | 'rules' | 'nothing';

/** How a pack's controls for one rule differ from those a same-version AWS template gives it. */
export interface AwsControlsDifference<TControlId extends string = string> {
  /** AWS's control ids the pack does not map the rule to. */
  readonly leaves?: readonly TControlId[];
  /** Control ids the pack maps the rule to that AWS does not. */
  readonly adds?: readonly TControlId[];
  readonly why: string;
}

/**
 * One AWS conformance pack template a pack is checked against (its mapping facts are a test fixture,
 * test/fixtures/frameworks/aws-templates/<template>.json), with every difference from it written down.
 */
export interface AwsTemplateCheck<TControlId extends string = string> {
  /** The template's file name in awslabs/aws-config-rules, aws-config-conformance-packs/. */
  readonly template: string;
  /** The framework version the template is written for, e.g. `3.2.1`. */
  readonly version: string;
  readonly compared: AwsTemplateComparison;
  /** What is compared against this template and what cannot be, in a sentence or two. */
  readonly note: string;
  /**
   * Control ids of the template the pack deliberately does not list, each with the reason (e.g. an
   * appendix for other kinds of entity); they are set aside before comparing.
   */
  readonly awsControlsLeftOut?: Readonly<Record<string, string>>;
  /**
   * Rule id → how and why the pack differs from the template for that rule. For a `controls` check, an
   * AwsControlsDifference: the pack's controls must be exactly AWS's, less `leaves`, plus `adds`, so a
   * change on either side fails until the entry is brought up to date. For the other checks, the reason
   * the pack maps a rule the template does not share (or the other way round). A rule that differs
   * without an entry, or an entry for a rule that does not differ, fails the pack tests.
   */
  readonly differencesFromAws?: Readonly<Record<string, string | AwsControlsDifference<TControlId>>>;
  /**
   * For a `translated` check: each control id the template uses → the ids of the pack's version that
   * carry it on (empty when none of the pack's controls does); every id of the template needs an entry.
   */
  readonly translation?: Readonly<Record<string, readonly TControlId[]>>;
}

/**
 * Which controls of one framework each rule serves (as cdk-nag and Prowler keep theirs): rule id →
 * control ids. A rule absent from a pack serves no control of that framework.
 */
export interface FrameworkPack<TControlId extends string = string> {
  readonly framework: Framework<TControlId>;
  /** Public mappings the pack follows (AWS Config conformance pack templates and the like). */
  readonly mappingSources: readonly string[];
  readonly mapping: Readonly<Record<string, readonly TControlId[]>>;
  /** The AWS conformance pack templates the pack is checked against; none when AWS publishes none. */
  readonly awsTemplates?: readonly AwsTemplateCheck<TControlId>[];
}
