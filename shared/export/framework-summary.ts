import { type CoverageCounts, frameworkCoverage } from '#shared/frameworks/coverage';
import type { FrameworkId, FrameworkPack } from '#shared/frameworks/framework';
import { FRAMEWORK_PACKS } from '#shared/frameworks/registry';
import type { AcceptedRisksSummary } from './accepted-risks';
import type { ControlFigures, CriterionSummary, RuleSummary } from './summary-types';

/** A framework an export was asked for, as manifest.json records it: short id and the pack's versioned id. */
export interface ExportedFramework {
  readonly id: FrameworkId;
  readonly versionedId: string;
}

/**
 * The figures of one control with automated rules, summed over the rules its pack maps to it (a
 * resource–rule pair counts once per rule), as a rule's figures count them.
 */
export interface FrameworkControlFigures
  extends Pick<
    ControlFigures,
    | 'evaluations'
    | 'compliant'
    | 'nonCompliant'
    | 'notApplicable'
    | 'errors'
    | 'passRate'
    | 'failures'
    | 'remediated'
    | 'openFailuresAtEnd'
  > {
  /** Resource–rule pairs whose newest verdict is a failure covered by a risk acceptance (also in the failures). */
  readonly accepted: number;
}

/** One control of a framework in summary.json: the bundle's rules serving it and their figures, or manual. */
export interface FrameworkControlSummary {
  readonly id: string;
  readonly title: string;
  /** `automated` when a rule with findings in the bundle serves it; `manual` when it is left to manual evidence. */
  readonly evidence: 'automated' | 'manual';
  readonly rules: readonly string[];
  /** Absent for a control left to manual evidence. */
  readonly figures?: FrameworkControlFigures;
}

/**
 * One framework in summary.json `frameworks`: its controls mapped from the findings' rules with the pack at
 * export time (the evidence itself carries SOC 2 criteria only), with coverage counts.
 */
export interface FrameworkSummary extends CoverageCounts {
  readonly controls: readonly FrameworkControlSummary[];
}

/** The frameworks asked for, as the manifest records them. */
export function exportedFrameworks(
  ids: readonly FrameworkId[],
  packs: Readonly<Record<FrameworkId, FrameworkPack>> = FRAMEWORK_PACKS,
): ExportedFramework[] {
  return ids.map((id) => ({ id, versionedId: packs[id].framework.versionedId }));
}

/** Accepted resource–rule pairs per rule (a pair listed under several criteria counts once). */
function acceptedByRule(accepted: AcceptedRisksSummary | undefined): Map<string, number> {
  const seen = new Set<string>();
  const byRule = new Map<string, number>();
  for (const { risks } of accepted?.criteria ?? []) {
    for (const risk of risks) {
      const key = [risk.accountId, risk.region, risk.resourceType, risk.resourceId, risk.ruleId].join(
        '\u0000',
      );
      if (seen.has(key)) continue;
      seen.add(key);
      byRule.set(risk.ruleId, (byRule.get(risk.ruleId) ?? 0) + 1);
    }
  }
  return byRule;
}

function figuresOf(
  rules: readonly RuleSummary[],
  accepted: ReadonlyMap<string, number>,
): FrameworkControlFigures {
  const sum = (pick: (rule: RuleSummary) => number): number =>
    rules.reduce((total, rule) => total + pick(rule), 0);
  const compliant = sum((rule) => rule.compliant);
  const nonCompliant = sum((rule) => rule.nonCompliant);
  return {
    evaluations: sum((rule) => rule.evaluations),
    compliant,
    nonCompliant,
    notApplicable: sum((rule) => rule.notApplicable),
    errors: sum((rule) => rule.errors),
    passRate: compliant + nonCompliant === 0 ? null : compliant / (compliant + nonCompliant),
    failures: sum((rule) => rule.failures),
    remediated: sum((rule) => rule.remediated),
    openFailuresAtEnd: sum((rule) => rule.openFailuresAtEnd),
    accepted: rules.reduce((total, rule) => total + (accepted.get(rule.ruleId) ?? 0), 0),
  };
}

/**
 * Per framework asked for, every control with the rules of the summary (those with findings in the period or
 * failures still open) that its pack maps to it, their summed figures and accepted risks; controls no such
 * rule serves are left to manual evidence. Reads only the finished summary: no finding is read again.
 */
export function frameworkSummaries(
  summary: { readonly criteria: readonly CriterionSummary[]; readonly acceptedRisks?: AcceptedRisksSummary },
  ids: readonly FrameworkId[],
  packs: Readonly<Record<FrameworkId, FrameworkPack>> = FRAMEWORK_PACKS,
): FrameworkSummary[] {
  const rules = new Map<string, RuleSummary>();
  for (const criterion of summary.criteria) {
    for (const rule of criterion.rules) rules.set(rule.ruleId, rule);
  }
  const ruleIds = [...rules.keys()].sort();
  const accepted = acceptedByRule(summary.acceptedRisks);
  return ids.map((id): FrameworkSummary => {
    const pack = packs[id];
    const coverage = frameworkCoverage(pack, ruleIds);
    return {
      framework: id,
      versionedId: pack.framework.versionedId,
      title: pack.framework.title,
      version: pack.framework.version,
      automated: coverage.automated,
      manual: coverage.manual,
      total: coverage.total,
      controls: coverage.controls.map(
        ({ control, rules: served, evidence }): FrameworkControlSummary => ({
          id: control.id,
          title: control.title,
          evidence,
          rules: served,
          ...(evidence === 'manual'
            ? {}
            : {
                figures: figuresOf(
                  served.flatMap((ruleId) => rules.get(ruleId) ?? []),
                  accepted,
                ),
              }),
        }),
      ),
    };
  });
}
