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
 * Which controls of one framework each rule serves (as cdk-nag and Prowler keep theirs): rule id →
 * control ids. A rule absent from a pack serves no control of that framework.
 */
export interface FrameworkPack<TControlId extends string = string> {
  readonly framework: Framework<TControlId>;
  /** Public mappings the pack follows (AWS Config conformance pack templates and the like). */
  readonly mappingSources: readonly string[];
  readonly mapping: Readonly<Record<string, readonly TControlId[]>>;
}
