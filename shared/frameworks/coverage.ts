import { customControls } from '#shared/rules/custom-catalog';
import type { Control, Framework, FrameworkId, FrameworkPack } from './framework';

/** How one control of a framework is evidenced: by the rules mapped to it, or by manual evidence. */
export interface ControlCoverage {
  readonly control: Control;
  /** The rules of the catalog that serve the control, in catalog order; empty when none does. */
  readonly rules: readonly string[];
  /** `automated` when at least one rule serves the control, `manual` when it is left to manual evidence. */
  readonly evidence: 'automated' | 'manual';
}

/** Which controls of a framework Vigil's rules check and which are left to manual evidence. */
export interface FrameworkCoverage {
  readonly framework: Framework;
  readonly controls: readonly ControlCoverage[];
  readonly automated: number;
  readonly manual: number;
  readonly total: number;
}

/** How a report names a framework and counts its coverage: the head every coverage output shares. */
export interface CoverageCounts {
  readonly framework: FrameworkId;
  /** The pack version the mapping used. */
  readonly versionedId: string;
  readonly title: string;
  readonly version: string;
  /** Controls with at least one rule. */
  readonly automated: number;
  /** Controls no rule serves: left to manual evidence. */
  readonly manual: number;
  readonly total: number;
}

/**
 * Coverage of one framework by a catalog: each control with the rules of `ruleIds` its pack maps to it.
 * Only rules in `ruleIds` count, so a scan limited to some rules shows the coverage of those rules. A
 * registered custom rule the pack does not map counts with its own `controls`.
 */
export function frameworkCoverage(pack: FrameworkPack, ruleIds: readonly string[]): FrameworkCoverage {
  const byControl = new Map<string, string[]>();
  for (const ruleId of ruleIds) {
    const mapped = Object.hasOwn(pack.mapping, ruleId)
      ? (pack.mapping[ruleId] ?? [])
      : customControls(pack.framework.id, ruleId);
    for (const controlId of mapped) {
      const rules = byControl.get(controlId) ?? [];
      if (!rules.includes(ruleId)) rules.push(ruleId);
      byControl.set(controlId, rules);
    }
  }
  const controls = pack.framework.controls.map((control): ControlCoverage => {
    const rules = byControl.get(control.id) ?? [];
    return { control, rules, evidence: rules.length > 0 ? 'automated' : 'manual' };
  });
  const automated = controls.filter((entry) => entry.evidence === 'automated').length;
  return {
    framework: pack.framework,
    controls,
    automated,
    manual: controls.length - automated,
    total: controls.length,
  };
}
