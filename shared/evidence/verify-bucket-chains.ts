import { DIGESTS_PREFIX, digestChainPrefix, PERIOD_MS, periodStartOf } from './digest';
import { periodOverlaps } from './digest-reader';
import { chainName, discoverEvidenceChains, uncoveredAsks } from './evidence-chains';
import { FINDINGS_PREFIX, parseHourKey, REMEDIATIONS_PREFIX } from './finding';
import type { VerifyBucketOptions } from './verify-bucket';
import { chainOfKey, type VerificationState } from './verify-evidence';

/** Slack, after an hour ends, before its digest must exist (sealer grace plus schedule jitter). */
export const SEALING_SLACK_MS = 70 * 60_000;

/**
 * Finds the chains with evidence (as the sealer does: delimited listings of `findings/` and `remediations/`)
 * that have no digest for the period, and reports each whose evidence includes versions written in the
 * period in hours that should be sealed by now (ended before now less the sealing slack): never sealed, or
 * its digests removed. Such a chain is otherwise invisible, having no digest to walk.
 */
export async function checkUnsealedChains(
  walked: ReadonlySet<string>,
  prefix: string,
  accounts: readonly string[],
  regions: readonly string[],
  options: Pick<VerifyBucketOptions, 'reader' | 'from' | 'to' | 'now'>,
  state: VerificationState,
): Promise<void> {
  const { chains } = await discoverEvidenceChains(options.reader);
  // Only hours the sealer should have sealed by now count, as for a chain whose sealing stopped.
  const sealedBy = periodStartOf(
    new Date(
      Math.min(options.to?.getTime() ?? Number.POSITIVE_INFINITY, options.now.getTime() - SEALING_SLACK_MS),
    ),
  ).getTime();
  for (const chain of chains) {
    const chainPrefix = digestChainPrefix(chain.accountId, chain.region);
    if (walked.has(chainPrefix)) continue;
    if (!chainPrefix.startsWith(prefix) && !prefix.startsWith(chainPrefix)) continue;
    if (accounts.length > 0 && !accounts.includes(chain.accountId)) continue;
    if (regions.length > 0 && !regions.includes(chain.region)) continue;
    let versions = 0;
    let first: number | undefined;
    for (const evidence of [FINDINGS_PREFIX, REMEDIATIONS_PREFIX]) {
      const under = `${evidence}${encodeURIComponent(chain.accountId)}/${encodeURIComponent(chain.region)}/`;
      for await (const version of options.reader.listVersions(under)) {
        const hour = parseHourKey(version.key)?.hourStart;
        if (hour === undefined || !periodOverlaps(hour, options) || hour.getTime() + PERIOD_MS > sealedBy)
          continue;
        versions++;
        first = Math.min(first ?? hour.getTime(), hour.getTime());
      }
    }
    if (first === undefined) continue;
    state.add(
      'missing',
      chainPrefix,
      `chain ${chainName(chain)} has ${versions} evidence versions written in hours that should be sealed, the first in the hour of ${new Date(first).toISOString()}, but no digest: never sealed, or its digests were removed`,
    );
  }
}

/** Each account and region asked for has a chain among those found (each pair, when both are asked). */
export function checkAskedChains(
  chainPrefixes: readonly string[],
  accounts: readonly string[],
  regions: readonly string[],
  state: VerificationState,
): void {
  const found = chainPrefixes.flatMap((prefix) => chainOfKey(prefix) ?? []);
  for (const ask of uncoveredAsks(found, accounts, regions)) {
    switch (ask.kind) {
      case 'pair':
        state.add(
          'missing',
          digestChainPrefix(ask.accountId, ask.region),
          `no digest of chain ${ask.accountId}/${ask.region} for the period`,
        );
        break;
      case 'account':
        state.add(
          'missing',
          `${DIGESTS_PREFIX}${encodeURIComponent(ask.accountId)}/`,
          `no digest of account ${ask.accountId} for the period`,
        );
        break;
      case 'region':
        state.add('missing', DIGESTS_PREFIX, `no digest of region ${ask.region} for the period`);
        break;
    }
  }
}
