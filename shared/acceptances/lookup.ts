import { type Exemption, exemptionOf } from '#shared/remediations/exemption';
import { type AcceptanceTarget, acceptanceCovers, specificity } from './acceptance';
import { inForce, type RegisterEntry, type RegisterView } from './register-chain';
import type { RegisterStore } from './register-store';

/** How long the evaluator trusts its copy of the register (default of {@link cachedRegister}). */
export const REGISTER_CACHE_MS = 60_000;

/** The register as the evaluator sees it: read once per container and refreshed after a short TTL. */
export interface AcceptanceLookup {
  /** The register's entries (cached; at most one Query per TTL, never one per resource). */
  current(): Promise<RegisterView>;
}

/** The acceptance a finding is marked with: enough to find and check it in the locked register chain. */
export interface FindingAcceptance {
  readonly id: string;
  /** Hash of the `accepted` change in the register chain. */
  readonly changeHash: string;
  readonly owner: string;
  readonly expiresAt: string;
}

/** What the register and the tags say about one rule on one resource. */
export interface FindingMarks {
  /** The acceptance in force that covers the resource–rule: alerts and remediation are muted. */
  readonly acceptance?: FindingAcceptance;
  /** A `vigil:exempt` tag the acceptance allows (it delegates to tags): the resource is exempt. */
  readonly exemption?: Exemption;
  /** A `vigil:exempt` tag no acceptance allows: reported, and the resource is NOT exempt. */
  readonly exemptionTag?: Exemption;
}

/**
 * A lookup that reads the register at most once per `ttlMs` per container; concurrent callers share one
 * read, and a failed read is not cached.
 */
export function cachedRegister(
  store: Pick<RegisterStore, 'read'>,
  options: { readonly ttlMs?: number; readonly now?: () => number } = {},
): AcceptanceLookup {
  const ttlMs = options.ttlMs ?? REGISTER_CACHE_MS;
  const now = options.now ?? Date.now;
  let cached: { at: number; view: Promise<RegisterView> } | undefined;
  return {
    current: () => {
      if (cached === undefined || now() - cached.at >= ttlMs) {
        const view = store.read();
        const entry = { at: now(), view };
        cached = entry;
        view.catch(() => {
          if (cached === entry) cached = undefined;
        });
      }
      return cached.view;
    },
  };
}

/** The narrowest entry in force at `now` covering the target, among those `allowed`. */
function narrowest(
  view: RegisterView,
  target: AcceptanceTarget,
  now: Date,
  allowed: (entry: RegisterEntry) => boolean,
): RegisterEntry | undefined {
  let best: RegisterEntry | undefined;
  for (const entry of view.entries.values()) {
    if (!allowed(entry) || !inForce(entry, now) || !acceptanceCovers(entry.acceptance, target)) continue;
    if (
      best === undefined ||
      specificity(entry.acceptance) > specificity(best.acceptance) ||
      (specificity(entry.acceptance) === specificity(best.acceptance) &&
        entry.acceptance.id < best.acceptance.id)
    ) {
      best = entry;
    }
  }
  return best;
}

/**
 * What a finding of `target` is marked with at `now`. An acceptance without tag delegation covers the
 * resources its pattern names; one with `allowTagExemption` covers only those that also carry a
 * `vigil:exempt` tag for the rule. A tag no acceptance allows exempts nothing and is reported.
 */
export function marksFor(
  view: RegisterView | undefined,
  target: AcceptanceTarget,
  tags: Readonly<Record<string, string>>,
  now: Date,
): FindingMarks {
  const tag = exemptionOf(tags, target.ruleId);
  const entry =
    view === undefined
      ? undefined
      : narrowest(
          view,
          target,
          now,
          (candidate) => !candidate.acceptance.allowTagExemption || tag !== undefined,
        );
  if (entry === undefined) return tag === undefined ? {} : { exemptionTag: tag };
  const acceptance: FindingAcceptance = {
    id: entry.acceptance.id,
    changeHash: entry.changeHash,
    owner: entry.acceptance.owner,
    expiresAt: entry.acceptance.expiresAt,
  };
  return tag !== undefined && entry.acceptance.allowTagExemption
    ? { acceptance, exemption: tag }
    : { acceptance };
}
