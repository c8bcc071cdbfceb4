import type { KeyObject } from 'node:crypto';
import { BUNDLE_FILES, type BundleManifest, verifyManifestSignature } from '#shared/export/manifest';
import { DIGESTS_PREFIX, parseDigestKey, publicKeyFingerprint, readPublicKey } from './digest';
import type { KeyPin, PublicKeyResolver, VerificationState } from './verify-evidence';

const MANIFEST_FILE = BUNDLE_FILES.manifest;

/** The key signatures are checked with, or why there is none. */
export type BundleKey = { readonly key: KeyObject } | { readonly key: undefined; readonly why: string };

/**
 * The pinned key; with a pinned fingerprint, the manifest's key when it has that fingerprint; unpinned, the
 * manifest's key.
 */
export function bundleKey(
  manifest: BundleManifest,
  pin: KeyPin | undefined,
  state: VerificationState,
): BundleKey {
  let carried: KeyObject | undefined;
  if (manifest.publicKeyPem !== undefined) {
    try {
      carried = readPublicKey(manifest.publicKeyPem);
    } catch {
      state.add('malformed', MANIFEST_FILE, 'publicKeyPem is not a PEM public key');
    }
  }
  if (pin?.kind === 'key') return { key: pin.key };
  if (carried === undefined) return { key: undefined, why: 'the manifest carries no public key' };
  const fingerprint = publicKeyFingerprint(carried);
  if (pin !== undefined && fingerprint !== pin.fingerprint) {
    return {
      key: undefined,
      why: `the manifest's public key sha256:${fingerprint} is not the pinned sha256:${pin.fingerprint}`,
    };
  }
  return { key: carried };
}

/** Resolves a digest's key only when it is `key` (by SPKI fingerprint). */
export function onlyKey(key: KeyObject | undefined): PublicKeyResolver {
  const fingerprint = key === undefined ? undefined : publicKeyFingerprint(key);
  return async (signing) => (signing.publicKeyFingerprint === fingerprint ? key : undefined);
}

/**
 * Checks the manifest's signature (over the manifest as parsed from its file) with the bundle key; returns
 * whether its fields (period, accounts, regions, file hashes) can be trusted.
 */
export function checkManifestSignature(
  raw: Readonly<Record<string, unknown>>,
  manifest: BundleManifest,
  trusted: BundleKey,
  pinned: boolean,
  state: VerificationState,
): boolean {
  const { signature, signing } = manifest;
  if (signature === undefined || signing === undefined) {
    state.add(
      'bad-signature',
      MANIFEST_FILE,
      signature === undefined
        ? 'manifest is not signed (exported --unsigned, or before manifests were signed): nothing proves its period, scope or file hashes'
        : 'manifest has a signature but no signing block',
    );
    return false;
  }
  if (trusted.key === undefined) {
    state.add('bad-signature', MANIFEST_FILE, `cannot check the manifest signature: ${trusted.why}`);
    return false;
  }
  const fingerprint = publicKeyFingerprint(trusted.key);
  const which = pinned ? 'the pinned key' : "the manifest's publicKeyPem";
  if (signing.publicKeyFingerprint !== fingerprint) {
    state.add(
      'bad-signature',
      MANIFEST_FILE,
      `manifest signed by ${signing.keyId} (sha256:${signing.publicKeyFingerprint}), not ${which} sha256:${fingerprint}`,
    );
    return false;
  }
  if (!verifyManifestSignature(raw, trusted.key)) {
    state.add(
      'bad-signature',
      MANIFEST_FILE,
      `signature does not verify with ${which} sha256:${fingerprint}: the manifest was changed after it was signed`,
    );
    return false;
  }
  state.signingKeys.add(fingerprint);
  return true;
}

/** What contradicts one manifest field: per kind of evidence, how many keys and the first of them. */
class Contradictions {
  readonly #found = new Map<string, { count: number; example: string }>();

  add(what: string, example: string): void {
    const found = this.#found.get(what);
    if (found === undefined) this.#found.set(what, { count: 1, example });
    else found.count++;
  }

  get size(): number {
    return this.#found.size;
  }

  describe(): string {
    return [...this.#found]
      .map(([what, { count, example }]) => `${count} ${what} (e.g. ${example})`)
      .join('; ');
  }
}

/**
 * Names the manifest fields the bundled digests contradict, for a manifest whose signature does not hold: an
 * export bundles only the digests of its period's hours, of the chains of its accounts and regions.
 */
export function reportContradictions(
  manifest: BundleManifest,
  digestKeys: readonly string[],
  state: VerificationState,
): void {
  const from = Date.parse(manifest.period.from);
  const to = Date.parse(manifest.period.to);
  const fields = {
    period: new Contradictions(),
    accounts: new Contradictions(),
    regions: new Contradictions(),
  };
  for (const key of digestKeys) {
    const parsed = parseDigestKey(key);
    if (parsed === undefined) continue;
    const hour = parsed.periodStart.getTime();
    if (hour < from) fields.period.add('bundled digests of hours before it', key);
    if (hour >= to) fields.period.add('bundled digests of hours after it', key);
    const [account = '', region = ''] = parsed.chainPrefix.slice(DIGESTS_PREFIX.length, -1).split('/');
    const accountId = decodeURIComponent(account);
    if (manifest.accounts.length > 0 && !manifest.accounts.includes(accountId)) {
      fields.accounts.add(`bundled digests of account ${accountId}`, key);
    }
    const regionName = decodeURIComponent(region);
    if (manifest.regions.length > 0 && !manifest.regions.includes(regionName)) {
      fields.regions.add(`bundled digests of region ${regionName}`, key);
    }
  }
  const values = {
    period: `[${manifest.period.from}, ${manifest.period.to})`,
    accounts: `[${manifest.accounts.join(', ')}]`,
    regions: `[${manifest.regions.join(', ')}]`,
  };
  for (const field of ['period', 'accounts', 'regions'] as const) {
    if (fields[field].size === 0) continue;
    state.add(
      'altered',
      `${MANIFEST_FILE}#${field}`,
      `${field} ${values[field]} is contradicted by ${fields[field].describe()}`,
    );
  }
}
