import { describeError } from '#shared/errors';
import { mapWithConcurrency } from '#shared/pipeline/concurrency';
import { PERIOD_MS } from './digest';
import type { DigestChainHead } from './digest-heads';
import { lastSealablePeriod, type SealedPeriod, type SealerDeps, sealPeriod } from './digest-sealer';
import { EvidenceError } from './errors';
import { chainName, discoverEvidenceChains, type EvidenceChain } from './evidence-chains';
import type { EvidencePrefixLister } from './evidence-objects';

/**
 * Why a chain is sealed: evidence under its `findings/` or `remediations/` prefix, the sealer's own account
 * and region, or a member chain the organization settings expect (`MEMBER_ACCOUNTS` × `MEMBER_REGIONS`).
 */
export type ChainOrigin = 'evidence' | 'own' | 'member';

/** Which chains to seal and how much work one run may do. */
export interface ChainSealerOptions {
  /** The sealer's own account and region: always sealed, evidence or not. */
  readonly own: EvidenceChain;
  /** Organization mode: member accounts expected to write evidence (default: every account found). */
  readonly memberAccounts?: readonly string[];
  /** Organization mode: the member regions; each account's chain in each of them is sealed, evidence or not. */
  readonly memberRegions?: readonly string[];
  /** Days each digest stays locked, counted from the end of its hour. */
  readonly retentionDays: number;
  /** Minutes after an hour ends before it is sealed (default 10). */
  readonly graceMinutes?: number;
  /** Most hours of one chain sealed in one run (default 48). */
  readonly maxPeriods?: number;
  /** Most hours sealed in one run across every chain (default 1,000). */
  readonly maxHoursPerRun?: number;
  /** Chains sealed at once, each one hour at a time (default 4). */
  readonly chainConcurrency?: number;
  /** Object versions read at once while sealing one hour (default 16). */
  readonly concurrency?: number;
  /** Milliseconds the run may still start an hour in (Lambda's remaining time less a reserve); unbounded when absent. */
  readonly timeLeft?: () => number;
}

/** What one run did for one chain. */
export interface ChainSealReport {
  readonly accountId: string;
  readonly region: string;
  /** Why the chain was sealed (see {@link ChainOrigin}). */
  readonly origins: readonly ChainOrigin[];
  /** Hours handled this run, oldest first. */
  readonly sealed: readonly SealedPeriod[];
  /** Complete hours still unsealed after this run (0 when current; unknown, 0, when the head could not be read). */
  readonly remaining: number;
  /** The chain head after the run, if any digest exists. */
  readonly head?: DigestChainHead;
  /** Why the chain stopped, when it failed: its other hours wait for the next run. */
  readonly error?: string;
}

/** What one sealing run did, chain by chain. */
export interface SealRunReport {
  readonly chains: readonly ChainSealReport[];
  /** Digests this run wrote (hours already sealed by another run are not counted). */
  readonly created: number;
  /** Hours still unsealed in the chain furthest behind. */
  readonly remaining: number;
  /** Names (`<account>/<region>`) of the chains that failed. */
  readonly failed: readonly string[];
  /** Evidence prefixes that name no chain (see {@link DiscoveredChains}). */
  readonly skippedPrefixes: readonly string[];
  /** Why hours were left for the next run: the per-run hour budget, or the time left. */
  readonly stoppedBy?: 'hours-per-run' | 'time';
}

/** A chain's progress within a run. */
interface ChainState {
  readonly chain: EvidenceChain;
  readonly origins: ChainOrigin[];
  head: DigestChainHead | undefined;
  /** Start of the next hour to seal (ms). */
  next: number;
  /** Complete hours not sealed yet. */
  pending: number;
  /** Hours this run may still seal in this chain. */
  quota: number;
  readonly sealed: SealedPeriod[];
  error?: string;
}

/** The chains to seal: the sealer's own, every chain with evidence, and the expected member chains. */
export function chainsToSeal(
  discovered: readonly EvidenceChain[],
  options: Pick<ChainSealerOptions, 'own' | 'memberAccounts' | 'memberRegions'>,
): { chain: EvidenceChain; origins: ChainOrigin[] }[] {
  const byName = new Map<string, { chain: EvidenceChain; origins: ChainOrigin[] }>();
  const add = (chain: EvidenceChain, origin: ChainOrigin): void => {
    const entry = byName.get(chainName(chain));
    if (entry === undefined) byName.set(chainName(chain), { chain, origins: [origin] });
    else if (!entry.origins.includes(origin)) entry.origins.push(origin);
  };
  add(options.own, 'own');
  for (const chain of discovered) add(chain, 'evidence');
  const regions = options.memberRegions ?? [];
  if (regions.length > 0) {
    const accounts = options.memberAccounts?.length
      ? options.memberAccounts
      : [...new Set([...byName.values()].map((entry) => entry.chain.accountId))];
    for (const accountId of accounts) for (const region of regions) add({ accountId, region }, 'member');
  }
  return [...byName.values()].sort((a, b) =>
    chainName(a.chain) < chainName(b.chain) ? -1 : chainName(a.chain) > chainName(b.chain) ? 1 : 0,
  );
}

/**
 * Seals every account–region chain of the bucket: the sealer's own, every chain with evidence (found by
 * {@link discoverEvidenceChains}) and, in organization mode, every expected member chain, so a member that
 * stopped writing (or never wrote) shows as a run of empty digests instead of a missing chain. Chains are
 * sealed independently and in rounds: each round seals the next hour of every chain that is behind, the chain
 * furthest behind first, so under the per-run budget every chain advances and none starves. A chain that
 * fails stops for this run and is reported; the others carry on.
 * @throws EvidenceError when discovery fails (nothing is sealed then).
 */
export async function sealAllChains(
  deps: SealerDeps & { readonly objects: SealerDeps['objects'] & EvidencePrefixLister },
  options: ChainSealerOptions,
): Promise<SealRunReport> {
  const discovered = await discoverEvidenceChains(deps.objects);
  const graceMinutes = options.graceMinutes ?? 10;
  const last = lastSealablePeriod(deps.clock(), graceMinutes).getTime();
  const maxPeriods = options.maxPeriods ?? 48;
  const concurrency = options.chainConcurrency ?? 4;
  const states = await mapWithConcurrency(
    chainsToSeal(discovered.chains, options),
    concurrency,
    async ({ chain, origins }): Promise<ChainState> => {
      const state: ChainState = {
        chain,
        origins,
        head: undefined,
        next: last,
        pending: 0,
        quota: 0,
        sealed: [],
      };
      try {
        state.head = await deps.heads.getHead(chain.accountId, chain.region);
      } catch (error) {
        state.error = describeError(error);
        return state;
      }
      // A new chain starts with the newest complete hour; evidence before it is in no digest.
      state.next = state.head === undefined ? last : Date.parse(state.head.periodStart) + PERIOD_MS;
      state.pending = Math.max(0, Math.floor((last - state.next) / PERIOD_MS) + 1);
      state.quota = Math.min(state.pending, maxPeriods);
      return state;
    },
  );

  let budget = options.maxHoursPerRun ?? 1000;
  const timeLeft = options.timeLeft ?? (() => Number.POSITIVE_INFINITY);
  let stoppedBy: SealRunReport['stoppedBy'];
  for (;;) {
    const round = states
      .filter((state) => state.error === undefined && state.quota > 0)
      .sort((a, b) => a.next - b.next || (chainName(a.chain) < chainName(b.chain) ? -1 : 1));
    if (round.length === 0) break;
    if (budget <= 0) {
      stoppedBy = 'hours-per-run';
      break;
    }
    if (timeLeft() <= 0) {
      stoppedBy = 'time';
      break;
    }
    const taken = round.slice(0, budget);
    budget -= taken.length;
    const started = await mapWithConcurrency(taken, concurrency, async (state) => {
      if (timeLeft() <= 0) return false;
      await sealNextHour(deps, state, options, graceMinutes);
      return true;
    });
    if (started.includes(false)) {
      stoppedBy = 'time';
      break;
    }
  }

  const chains = states.map(
    (state): ChainSealReport => ({
      accountId: state.chain.accountId,
      region: state.chain.region,
      origins: state.origins,
      sealed: state.sealed,
      remaining: state.pending,
      ...(state.head === undefined ? {} : { head: state.head }),
      ...(state.error === undefined ? {} : { error: state.error }),
    }),
  );
  return {
    chains,
    created: chains.reduce(
      (sum, chain) => sum + chain.sealed.filter((p) => p.status === 'created').length,
      0,
    ),
    remaining: Math.max(0, ...chains.map((chain) => chain.remaining)),
    failed: chains.filter((chain) => chain.error !== undefined).map(chainName),
    skippedPrefixes: discovered.skipped,
    ...(stoppedBy === undefined ? {} : { stoppedBy }),
  };
}

/** Seals the chain's next hour and advances its head; a failure marks the chain failed for this run. */
async function sealNextHour(
  deps: SealerDeps,
  state: ChainState,
  options: ChainSealerOptions,
  graceMinutes: number,
): Promise<void> {
  const { accountId, region } = state.chain;
  try {
    const period = await sealPeriod(
      deps,
      {
        accountId,
        region,
        retentionDays: options.retentionDays,
        graceMinutes,
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      },
      new Date(state.next),
      state.head,
    );
    const head = { periodStart: period.periodStart, key: period.key, sha256: period.sha256 };
    await deps.heads.advanceHead(accountId, region, head);
    state.head = head;
    state.sealed.push(period);
    state.next += PERIOD_MS;
    state.pending--;
    state.quota--;
  } catch (error) {
    state.error = describeError(error);
  }
}

/** One or more chains could not be sealed this run (the others were); the next run retries them. */
export class DigestSealingError extends EvidenceError {
  override readonly name: string = 'DigestSealingError';
}
