/** Tag that exempts a resource from a rule's remediation: a rule id, several (comma or space separated), or `all`. */
export const EXEMPT_TAG = 'vigil:exempt';

/** Tag that says why a resource is exempt; recorded with every exempt evaluation. */
export const EXEMPT_REASON_TAG = 'vigil:exempt-reason';

/** Recorded when an exemption tag carries no reason, so an auditor sees the gap. */
export const MISSING_REASON = `no reason given (tag ${EXEMPT_REASON_TAG} is missing)`;

/** Why a resource is exempt from one rule: the matching tag value and the stated reason. */
export interface Exemption {
  /** The `vigil:exempt` tag value that matched (`all` or a list naming the rule). */
  readonly tag: string;
  readonly reason: string;
}

/**
 * The exemption of a resource from a rule, read from its tags, or `undefined` when it is not exempt.
 * Tag keys are matched exactly, values case-insensitively; an exempt resource is still evaluated and
 * recorded, but never remediated.
 */
export function exemptionOf(tags: Readonly<Record<string, string>>, ruleId: string): Exemption | undefined {
  const value = tags[EXEMPT_TAG];
  if (value === undefined) return undefined;
  const scopes = value
    .split(/[\s,]+/)
    .map((scope) => scope.trim().toLowerCase())
    .filter((scope) => scope !== '');
  if (!scopes.includes('all') && !scopes.includes(ruleId.toLowerCase())) return undefined;
  const reason = tags[EXEMPT_REASON_TAG]?.trim();
  return { tag: value, reason: reason === undefined || reason === '' ? MISSING_REASON : reason };
}
