import { DIGESTS_PREFIX, type Digest, parseDigest, parseDigestKey } from '#shared/evidence/digest';
import { EvidenceIntegrityError } from '#shared/evidence/errors';
import type { EvidenceSource } from './evidence-source';
import { type BundleScope, inScope } from './manifest';
import { type Period, periodDays } from './period';

/** One account–region digest chain under `digests/`. */
export interface ChainRef {
  readonly prefix: string;
  readonly accountId: string;
  readonly region: string;
}

/** The digest chains of the source (`digests/<account>/<region>/`) in scope. */
export async function* digestChains(source: EvidenceSource, scope: BundleScope): AsyncIterable<ChainRef> {
  for await (const accountPrefix of source.listPrefixes(DIGESTS_PREFIX)) {
    const accountId = decodeURIComponent(accountPrefix.slice(DIGESTS_PREFIX.length, -1));
    if (!inScope(scope.accounts, accountId)) continue;
    for await (const regionPrefix of source.listPrefixes(accountPrefix)) {
      const region = decodeURIComponent(regionPrefix.slice(accountPrefix.length, -1));
      if (!inScope(scope.regions, region)) continue;
      yield { prefix: regionPrefix, accountId, region };
    }
  }
}

/** Keys of one chain's digests whose hour lies in the period, oldest first. */
export async function* digestKeysIn(
  source: EvidenceSource,
  chain: ChainRef,
  period: Period,
): AsyncIterable<string> {
  for (const day of periodDays(period)) {
    for await (const key of source.listKeys(`${chain.prefix}${day.replaceAll('-', '/')}/`)) {
      const hour = parseDigestKey(key)?.periodStart.getTime();
      if (hour !== undefined && hour >= period.from.getTime() && hour < period.to.getTime()) yield key;
    }
  }
}

/** A digest read for the bundle, with the object versions it lists. */
export interface ReadDigestEntry {
  readonly key: string;
  readonly bytes: Uint8Array;
  readonly digest?: Digest;
  readonly problem?: string;
}

/** Reads one digest object, or names why it cannot be used as a digest; `undefined` when it is gone. */
export async function readDigestEntry(
  source: EvidenceSource,
  key: string,
): Promise<ReadDigestEntry | undefined> {
  const bytes = await source.read(key);
  if (bytes === undefined) return undefined;
  try {
    return { key, bytes, digest: parseDigest(Buffer.from(bytes).toString('utf8')) };
  } catch (error) {
    if (!(error instanceof EvidenceIntegrityError)) throw error;
    return { key, bytes, problem: `digest: ${error.message}` };
  }
}

/** The object versions a digest lists (delete markers hold no bytes: verify reports them). */
export function listedVersions(
  digest: Digest | undefined,
): { key: string; versionId: string; sha256: string }[] {
  return (digest?.objects ?? []).flatMap((entry) =>
    'sha256' in entry && entry.sha256 !== undefined
      ? [{ key: entry.key, versionId: entry.versionId, sha256: entry.sha256 }]
      : [],
  );
}
