import { type CoverageCounts, frameworkCoverage } from '#shared/frameworks/coverage';
import {
  DEFAULT_FRAMEWORK_ID,
  type Framework,
  type FrameworkId,
  type FrameworkPack,
} from '#shared/frameworks/framework';
import { FRAMEWORK_PACKS } from '#shared/frameworks/registry';
import { soc2Criteria } from '#shared/frameworks/soc2';
import { customControls } from '#shared/rules/custom-catalog';
import type { Evaluation, EvaluationOutcome } from '#shared/rules/engine';

/** One control of a framework a scan reports on, as a section of the report. */
export interface ControlSection {
  /** Place of the section in the report: frameworks in the order asked, then controls in the framework's order. */
  readonly index: number;
  readonly framework: Framework;
  readonly controlId: string;
  readonly title: string;
}

/** A framework as a report names it: title, version and versioned id. */
export function frameworkHeading(framework: Framework): string {
  return `${framework.title} ${framework.version} (${framework.versionedId})`;
}

/** Evaluations counted per outcome. */
export type OutcomeCounts = Record<EvaluationOutcome, number>;

/** A count of zero for every outcome. */
export function emptyOutcomeCounts(): OutcomeCounts {
  return { NON_COMPLIANT: 0, ERROR: 0, COMPLIANT: 0, NOT_APPLICABLE: 0 };
}

/** One control in a scan's coverage: the scan's rules that serve it and their verdicts, or manual evidence. */
export interface ControlResult {
  readonly id: string;
  readonly title: string;
  readonly evidence: 'automated' | 'manual';
  /** The rules of this scan mapped to the control, in catalog order; empty when it is left to manual evidence. */
  readonly rules: readonly string[];
  /** Evaluations of those rules per outcome (absent for a control left to manual evidence). */
  readonly counts?: OutcomeCounts;
}

/** One framework's coverage by a scan, as `vigil scan --format json` writes it under `frameworks`. */
export interface FrameworkResult extends CoverageCounts {
  readonly controls: readonly ControlResult[];
}

/** Options of {@link ScanFrameworks}. */
export interface ScanFrameworksOptions {
  /** The SOC 2 criteria of a rule, as the engine put them on its evaluations (default: the SOC 2 pack). */
  readonly criteriaOf?: (ruleId: string) => readonly string[];
  /** The packs to map rules with (default: the packs Vigil ships). */
  readonly packs?: Readonly<Record<FrameworkId, FrameworkPack>>;
}

/**
 * The frameworks a scan reports on (`--framework`), and where each evaluation goes in them: a section per
 * control its rule serves. SOC 2 criteria are read from the evaluation (the engine put them there from the
 * SOC 2 pack); other frameworks' controls from their packs, by rule id.
 */
export class ScanFrameworks {
  readonly ids: readonly FrameworkId[];
  readonly #packs: Readonly<Record<FrameworkId, FrameworkPack>>;
  readonly #criteriaOf: (ruleId: string) => readonly string[];
  readonly #sections: ControlSection[] = [];
  readonly #byControl = new Map<FrameworkId, Map<string, ControlSection>>();
  readonly #byRule = new Map<string, readonly ControlSection[]>();

  constructor(ids: readonly FrameworkId[] = [DEFAULT_FRAMEWORK_ID], options: ScanFrameworksOptions = {}) {
    this.ids = [...new Set(ids)];
    this.#packs = options.packs ?? FRAMEWORK_PACKS;
    this.#criteriaOf = options.criteriaOf ?? soc2Criteria;
    for (const id of this.ids) {
      const { framework } = this.#packs[id];
      const byControl = new Map<string, ControlSection>();
      for (const control of framework.controls) {
        const section = {
          index: this.#sections.length,
          framework,
          controlId: control.id,
          title: control.title,
        };
        this.#sections.push(section);
        byControl.set(control.id, section);
      }
      this.#byControl.set(id, byControl);
    }
  }

  /** The controls of one framework a rule serves (SOC 2: as the engine maps them). */
  controlsOf(frameworkId: FrameworkId, ruleId: string): readonly string[] {
    if (frameworkId === 'soc2') return this.#criteriaOf(ruleId);
    const { mapping } = this.#packs[frameworkId];
    return Object.hasOwn(mapping, ruleId) ? (mapping[ruleId] ?? []) : customControls(frameworkId, ruleId);
  }

  /** Per framework asked for, the controls an evaluation's rule serves, for JSON and CSV. */
  controlsByFramework(evaluation: Pick<Evaluation, 'ruleId' | 'soc2'>): Record<string, readonly string[]> {
    return Object.fromEntries(
      this.ids.map((id) => [id, id === 'soc2' ? evaluation.soc2 : this.controlsOf(id, evaluation.ruleId)]),
    );
  }

  /** The sections an evaluation is listed under, in report order; controls a framework lacks are left out. */
  sectionsOf(evaluation: Pick<Evaluation, 'ruleId' | 'soc2'>): readonly ControlSection[] {
    const other = this.#otherSections(evaluation.ruleId);
    if (!this.ids.includes('soc2')) return other;
    const soc2 = this.#byControl.get('soc2');
    const criteria = evaluation.soc2.flatMap((criterion) => soc2?.get(criterion) ?? []);
    return [...criteria, ...other].sort((a, b) => a.index - b.index);
  }

  #otherSections(ruleId: string): readonly ControlSection[] {
    let sections = this.#byRule.get(ruleId);
    if (sections === undefined) {
      sections = this.ids
        .filter((id) => id !== 'soc2')
        .flatMap((id) =>
          this.controlsOf(id, ruleId).flatMap((control) => this.#byControl.get(id)?.get(control) ?? []),
        );
      this.#byRule.set(ruleId, sections);
    }
    return sections;
  }

  /** The section at a place of the report. */
  section(index: number): ControlSection | undefined {
    return this.#sections[index];
  }

  /**
   * Coverage of each framework by the rules of a scan (`ruleIds`, whether or not they judged anything): every
   * control with the rules serving it and their evaluations per outcome, or left to manual evidence.
   */
  results(ruleIds: readonly string[], countsByRule: ReadonlyMap<string, OutcomeCounts>): FrameworkResult[] {
    return this.ids.map((id): FrameworkResult => {
      const { framework } = this.#packs[id];
      const mapping = Object.fromEntries(ruleIds.map((ruleId) => [ruleId, this.controlsOf(id, ruleId)]));
      const coverage = frameworkCoverage({ framework, mappingSources: [], mapping }, ruleIds);
      return {
        framework: id,
        versionedId: framework.versionedId,
        title: framework.title,
        version: framework.version,
        automated: coverage.automated,
        manual: coverage.manual,
        total: coverage.total,
        controls: coverage.controls.map(({ control, rules, evidence }): ControlResult => {
          if (evidence === 'manual') return { id: control.id, title: control.title, evidence, rules };
          const counts = emptyOutcomeCounts();
          for (const ruleId of rules) {
            const ruleCounts = countsByRule.get(ruleId);
            if (ruleCounts === undefined) continue;
            for (const outcome of Object.keys(counts) as EvaluationOutcome[])
              counts[outcome] += ruleCounts[outcome];
          }
          return { id: control.id, title: control.title, evidence, rules, counts };
        }),
      };
    });
  }
}
