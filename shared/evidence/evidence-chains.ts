import type { EvidencePrefixLister } from './evidence-objects';
import { FINDINGS_PREFIX, REMEDIATIONS_PREFIX } from './finding';

/** An AWS account id as evidence keys and digests name it. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** A region as evidence keys name it: `eu-west-1`, or `global` for IAM's account-wide items. */
export const EVIDENCE_REGION_PATTERN = /^[a-z][a-z0-9-]*$/;

/** One account–region digest chain. */
export interface EvidenceChain {
  readonly accountId: string;
  readonly region: string;
}

/** `<account>/<region>`: how logs, reports and errors name a chain. */
export function chainName(chain: EvidenceChain): string {
  return `${chain.accountId}/${chain.region}`;
}

/** What a discovery listing found. */
export interface DiscoveredChains {
  /** Chains with evidence (any version or delete marker) under `findings/` or `remediations/`, by name. */
  readonly chains: readonly EvidenceChain[];
  /** Prefixes that are not `<prefix><account>/<region>/` as the pipeline writes them (never sealed). */
  readonly skipped: readonly string[];
  /** Delimited listings made (each one call per 1,000 prefixes): 2 plus one per account and evidence prefix. */
  readonly listings: number;
}

/** The decoded segment `child` adds to `parent`, when it round-trips the way evidence keys encode it. */
function segmentOf(parent: string, child: string): string | undefined {
  const raw = child.slice(parent.length, -1);
  if (raw === '') return undefined;
  try {
    const decoded = decodeURIComponent(raw);
    return encodeURIComponent(decoded) === raw ? decoded : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds every chain that has evidence: one delimited listing of `findings/` (and one of `remediations/`)
 * for the accounts, then one per account for its regions, so the cost grows with accounts, not with objects.
 * @throws EvidenceError when a listing fails: a partial set of chains is never sealed silently.
 */
export async function discoverEvidenceChains(lister: EvidencePrefixLister): Promise<DiscoveredChains> {
  const chains = new Map<string, EvidenceChain>();
  const skipped: string[] = [];
  let listings = 0;
  for (const prefix of [FINDINGS_PREFIX, REMEDIATIONS_PREFIX]) {
    listings++;
    const accounts: { prefix: string; accountId: string }[] = [];
    for await (const accountPrefix of lister.listPrefixes(prefix)) {
      const accountId = segmentOf(prefix, accountPrefix);
      if (accountId === undefined) skipped.push(accountPrefix);
      else accounts.push({ prefix: accountPrefix, accountId });
    }
    for (const account of accounts) {
      listings++;
      for await (const regionPrefix of lister.listPrefixes(account.prefix)) {
        const region = segmentOf(account.prefix, regionPrefix);
        if (region === undefined) {
          skipped.push(regionPrefix);
          continue;
        }
        const chain = { accountId: account.accountId, region };
        chains.set(chainName(chain), chain);
      }
    }
  }
  return { chains: sortChains([...chains.values()]), skipped, listings };
}

function sortChains(chains: EvidenceChain[]): EvidenceChain[] {
  return chains.sort((a, b) => (chainName(a) < chainName(b) ? -1 : chainName(a) > chainName(b) ? 1 : 0));
}

/** An account, a region, or an account–region pair asked for that no chain covers. */
export type UncoveredAsk =
  | { readonly kind: 'pair'; readonly accountId: string; readonly region: string }
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'region'; readonly region: string };

/**
 * What of the accounts and regions asked for has no chain among `chains`: each pair when both are asked,
 * else each account or region alone.
 */
export function uncoveredAsks(
  chains: readonly { readonly accountId: string; readonly region: string }[],
  accounts: readonly string[],
  regions: readonly string[],
): UncoveredAsk[] {
  const has = (account: string | undefined, region: string | undefined): boolean =>
    chains.some(
      (chain) =>
        (account === undefined || chain.accountId === account) &&
        (region === undefined || chain.region === region),
    );
  if (accounts.length > 0 && regions.length > 0) {
    return accounts.flatMap((accountId) =>
      regions.flatMap((region) =>
        has(accountId, region) ? [] : [{ kind: 'pair' as const, accountId, region }],
      ),
    );
  }
  return [
    ...accounts.flatMap((accountId) =>
      has(accountId, undefined) ? [] : [{ kind: 'account' as const, accountId }],
    ),
    ...regions.flatMap((region) => (has(undefined, region) ? [] : [{ kind: 'region' as const, region }])),
  ];
}
