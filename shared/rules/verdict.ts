// A leaf module (no imports): custom rules bundled into the functions import these helpers through the
// public entry `shared/rules/custom-rule.ts` without pulling the catalog in.

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
