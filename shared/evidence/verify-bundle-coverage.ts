import { BUNDLE_FILES, type BundleManifest, type BundleScope, inScope } from '#shared/export/manifest';
import {
  DIGESTS_PREFIX,
  type Digest,
  digestChainPrefix,
  digestKey,
  PERIOD_MS,
  parseDigestKey,
} from './digest';
import { uncoveredAsks } from './evidence-chains';
import { chainOfKey, type VerificationState } from './verify-evidence';

const MANIFEST_FILE = BUNDLE_FILES.manifest;

/** `<account>/<region>`. */
export function chainLabel(chain: { readonly accountId: string; readonly region: string }): string {
  return `${chain.accountId}/${chain.region}`;
}

/** "every account" or "accounts 1111…, 2222…" of a scope dimension. */
function describeScope(scope: BundleScope): string {
  const part = (values: BundleScope['accounts'], what: string): string =>
    values === 'all' ? `every ${what}` : `${what}s ${values.join(', ')}`;
  return `${part(scope.accounts, 'account')}, ${part(scope.regions, 'region')}`;
}

/**
 * The bundle covers the accounts and regions the auditor asked for: its signed scope includes them, and it
 * holds a chain of each asked account and region (of each pair when both are asked).
 */
export function checkAskedScope(
  manifest: BundleManifest,
  asked: { readonly accounts?: readonly string[]; readonly regions?: readonly string[] },
  state: VerificationState,
): void {
  const accounts = asked.accounts ?? [];
  const regions = asked.regions ?? [];
  if (accounts.length === 0 && regions.length === 0) return;
  const { scope } = manifest;
  if (scope === undefined) {
    state.add(
      'missing',
      MANIFEST_FILE,
      'the manifest states no scope (exported before bundles carried one): nothing proves which accounts and regions it was asked for',
    );
  } else {
    for (const [values, dimension, what] of [
      [accounts, scope.accounts, 'account'],
      [regions, scope.regions, 'region'],
    ] as const) {
      for (const value of values) {
        if (!inScope(dimension, value)) {
          state.add(
            'missing',
            MANIFEST_FILE,
            `the bundle's scope (${describeScope(scope)}) does not cover ${what} ${value}, asked for`,
          );
        }
      }
    }
  }
  for (const ask of uncoveredAsks(manifest.chains, accounts, regions)) {
    switch (ask.kind) {
      case 'pair':
        state.add(
          'missing',
          digestChainPrefix(ask.accountId, ask.region),
          `no digest of chain ${ask.accountId}/${ask.region}, asked for, in the bundle`,
        );
        break;
      case 'account':
        state.add(
          'missing',
          `${DIGESTS_PREFIX}${encodeURIComponent(ask.accountId)}/`,
          `no chain of account ${ask.accountId}, asked for, in the bundle`,
        );
        break;
      case 'region':
        state.add(
          'missing',
          `${MANIFEST_FILE}#chains`,
          `no chain of region ${ask.region}, asked for, in the bundle`,
        );
        break;
    }
  }
}

/** The start of every hour in `[from, to)`. */
function hoursOf(from: number, to: number): number[] {
  const hours: number[] = [];
  for (let hour = from; hour < to; hour += PERIOD_MS) hours.push(hour);
  return hours;
}

/**
 * Every chain the (signed) manifest names has a digest for every hour it claims, and starts where the period
 * starts unless its first digest starts the chain; and every bundled chain is one the manifest names.
 */
export function checkCoverage(
  manifest: BundleManifest,
  loaded: ReadonlyMap<string, Digest>,
  vanished: ReadonlySet<string>,
  state: VerificationState,
): void {
  const periodFrom = Date.parse(manifest.period.from);
  const named = new Set<string>();
  const { scope } = manifest;
  for (const chain of manifest.chains) {
    const prefix = digestChainPrefix(chain.accountId, chain.region);
    named.add(prefix);
    if (
      scope !== undefined &&
      !(inScope(scope.accounts, chain.accountId) && inScope(scope.regions, chain.region))
    ) {
      state.add(
        'malformed',
        MANIFEST_FILE,
        `chain ${chainLabel(chain)} is outside the bundle's scope (${describeScope(scope)})`,
      );
    }
    // Reported once by checkFiles.
    if (vanished.has(chainLabel(chain))) continue;
    const from = Date.parse(chain.from);
    const to = Date.parse(chain.to);
    for (const hour of hoursOf(from, to)) {
      const key = digestKey(chain.accountId, chain.region, new Date(hour));
      if (!loaded.has(key)) {
        state.add('missing', key, `no digest for ${new Date(hour).toISOString()}, an hour the bundle covers`);
      }
    }
    const first = loaded.get(digestKey(chain.accountId, chain.region, new Date(from)));
    if (from > periodFrom && first !== undefined && first.previousDigestKey !== null) {
      state.add(
        'missing',
        prefix,
        `the chain's first bundled digest (${chain.from}) links to ${first.previousDigestKey}: the digests from ${manifest.period.from} are missing`,
      );
    }
  }
  for (const key of loaded.keys()) {
    const parsed = parseDigestKey(key);
    if (parsed === undefined || named.has(parsed.chainPrefix)) continue;
    const chain = chainOfKey(key);
    const outside =
      scope !== undefined &&
      chain !== undefined &&
      !(inScope(scope.accounts, chain.accountId) && inScope(scope.regions, chain.region));
    state.add(
      'unlisted',
      key,
      outside
        ? `digest of a chain outside the bundle's scope (${describeScope(scope)})`
        : 'digest of a chain the manifest does not name',
    );
  }
}

/** The bundle covers the period the auditor asked for: its signed period and every chain in it. */
export function checkAskedPeriod(
  manifest: BundleManifest,
  loaded: ReadonlyMap<string, Digest>,
  asked: { readonly from?: Date; readonly to?: Date },
  state: VerificationState,
): void {
  if (asked.from === undefined && asked.to === undefined) return;
  const from = asked.from?.getTime() ?? Date.parse(manifest.period.from);
  const to = asked.to?.getTime() ?? Date.parse(manifest.period.to);
  const period = `[${new Date(from).toISOString()}, ${new Date(to).toISOString()})`;
  if (Date.parse(manifest.period.from) > from || Date.parse(manifest.period.to) < to) {
    state.add(
      'missing',
      MANIFEST_FILE,
      `the bundle's period [${manifest.period.from}, ${manifest.period.to}) does not cover the period asked for, ${period}`,
    );
  }
  for (const chain of manifest.chains) {
    const name = digestChainPrefix(chain.accountId, chain.region);
    const first = loaded.get(digestKey(chain.accountId, chain.region, new Date(chain.from)));
    const startsLater = first !== undefined && first.previousDigestKey === null;
    if (Date.parse(chain.from) > from && !startsLater) {
      state.add(
        'missing',
        name,
        `digests from ${chain.from} only; asked from ${new Date(from).toISOString()}`,
      );
    }
    if (Date.parse(chain.to) < to) {
      state.add('missing', name, `digests until ${chain.to} only; asked until ${new Date(to).toISOString()}`);
    }
  }
}
