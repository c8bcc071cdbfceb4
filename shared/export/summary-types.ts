import type { AcceptedRisksSummary } from './accepted-risks';
import type { FrameworkSummary } from './framework-summary';

/** Most open failures listed by name in a summary (the count is always complete). */
export const MAX_LISTED_OPEN_FAILURES = 1000;

/** Time from a failure's first NON_COMPLIANT finding to the next COMPLIANT one of the same resource and rule. */
export interface TimeToRemediate {
  /** Failures remediated in the period (each gives one duration). */
  readonly count: number;
  readonly medianSeconds: number | null;
  readonly maxSeconds: number | null;
}

/** Counts shared by a rule and a criterion. */
export interface ControlFigures {
  /** Distinct resources the rule (or the criterion's rules) judged in the period. */
  readonly resourcesEvaluated: number;
  readonly evaluations: number;
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly notApplicable: number;
  readonly errors: number;
  /** compliant / (compliant + nonCompliant) over the period's evaluations; null when there were none. */
  readonly passRate: number | null;
  /** Failures opened: a NON_COMPLIANT finding for a resource and rule not already failing. */
  readonly failures: number;
  /** Failures closed by a COMPLIANT finding. */
  readonly remediated: number;
  /** Failures closed because the rule no longer applied (resource deleted or out of scope). */
  readonly closedNotApplicable: number;
  readonly timeToRemediate: TimeToRemediate;
  /** Resources still failing at the end of the period. */
  readonly openFailuresAtEnd: number;
}

/** One rule's figures under a criterion. */
export interface RuleSummary extends ControlFigures {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: string;
}

/** Posture of a criterion at the end of one day. */
export interface DailyPosture {
  readonly day: string;
  /** Resource-rule pairs whose latest verdict was COMPLIANT. */
  readonly compliant: number;
  readonly nonCompliant: number;
  /** compliant / (compliant + nonCompliant); null before anything was judged. */
  readonly passRate: number | null;
}

/** One SOC 2 criterion: its rules, totals and daily posture. */
export interface CriterionSummary extends ControlFigures {
  readonly criterion: string;
  readonly title: string;
  readonly rules: readonly RuleSummary[];
  readonly daily: readonly DailyPosture[];
}

/** Failures opened and closed each day, and how many were open at its end. */
export interface TimelineDay {
  readonly day: string;
  readonly opened: number;
  readonly closed: number;
  readonly open: number;
}

/** A resource still failing a rule at the end of the period. */
export interface OpenFailure {
  readonly ruleId: string;
  readonly severity: string;
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName?: string;
  /** Capture time of the first NON_COMPLIANT finding of this failure. */
  readonly since: string;
}

/** One account's figures over every rule, and the regions it was evaluated or sealed in. */
export interface AccountSummary extends ControlFigures {
  readonly accountId: string;
  /** Regions of the account with evaluations or a digest chain in the bundle, sorted. */
  readonly regions: readonly string[];
}

/** Which evidence the bundle covers: what was asked for, and the chains whose digests it holds. */
export interface SummaryCoverage {
  readonly scope: {
    readonly accounts: 'all' | readonly string[];
    readonly regions: 'all' | readonly string[];
  };
  readonly chains: readonly {
    readonly accountId: string;
    readonly region: string;
    readonly from: string;
    readonly to: string;
  }[];
}

/** The per-control summary of an export (summary.json). */
export interface ComplianceSummary {
  readonly period: { readonly from: string; readonly to: string };
  readonly days: readonly string[];
  readonly totals: ControlFigures & { readonly findings: number; readonly rules: number };
  readonly criteria: readonly CriterionSummary[];
  /** Per account: pass rate, failures and time to remediate over every rule, sorted by account. */
  readonly accounts: readonly AccountSummary[];
  readonly timeline: readonly TimelineDay[];
  readonly openFailures: readonly OpenFailure[];
  /** Whether `openFailures` was cut at MAX_LISTED_OPEN_FAILURES. */
  readonly openFailuresTruncated: boolean;
  /** Failures already open when the period began (only known from findings of the look-back days). */
  readonly openFailuresAtStart: number;
  /** Accepted risks per criterion, apart from passes and failures (see shared/export/accepted-risks.ts). */
  readonly acceptedRisks?: AcceptedRisksSummary;
  /**
   * Per framework asked for (`--framework`, default SOC 2), its controls mapped from the findings' rules with
   * the pack at export time, and which are automated or left to manual evidence (absent outside a bundle).
   */
  readonly frameworks?: readonly FrameworkSummary[];
  /** The accounts, regions and chains the bundle covers (absent outside a bundle). */
  readonly coverage?: SummaryCoverage;
  /** The key that signs the bundle's manifest, so a reader knows which key to pin (absent when unsigned). */
  readonly signing?: {
    readonly keyId: string;
    readonly algorithm: string;
    readonly publicKeyFingerprint: string;
  };
}
