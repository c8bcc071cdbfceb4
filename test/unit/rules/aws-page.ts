import type { Compliance, ParameterValue } from '#shared/rules/rule';
import type { Fixture } from '#test/support/fixtures';

/**
 * What an AWS Config managed-rule page says, recorded from the page (developer guide, read 2026), and the
 * cases it documents. A rule's `deviation` may only quote these sentences, must exist exactly when a
 * documented case or default differs from what Vigil does, and each case runs through `evaluate()`.
 */
export interface AwsCase {
  /** The situation, in the page's terms. */
  readonly name: string;
  readonly fixture: () => Fixture;
  readonly parameters?: Record<string, unknown>;
  /** The verdict the page documents; `undocumented` when the page is silent on this case. */
  readonly aws: Compliance | 'undocumented';
  /** Vigil's verdict when it differs from `aws` (a deviation); absent when Vigil does what AWS documents. */
  readonly vigil?: Compliance;
}

export interface AwsPage {
  /** Sentences copied verbatim from the page. */
  readonly quotes: readonly string[];
  /** Parameter defaults the page documents; `null` for a parameter the page lists without a default. */
  readonly defaults: Readonly<Record<string, ParameterValue | null>>;
  readonly cases: readonly AwsCase[];
  /** Page parameters Vigil does not implement (refused with a RuleParameterError if passed). */
  readonly unsupported?: readonly string[];
  /** The resource types the page judges, when they are not all types the rule judges (a deviation). */
  readonly resourceTypes?: readonly string[];
}
