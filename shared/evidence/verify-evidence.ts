import type { KeyObject } from 'node:crypto';
import {
  type Digest,
  digestKey,
  isDeleteMarkerEntry,
  PERIOD_MS,
  parseDigest,
  parseDigestKey,
  periodStartOf,
  precedingDigestKey,
  publicKeyFingerprint,
  sha256OfBytes,
  verifyDigestSignature,
} from './digest';
import { hourPrefixes } from './digest-sealer';

/** The kinds of problem `vigil verify` reports (see docs/evidence-bundle.md). */
export const PROBLEM_KINDS = [
  'missing',
  'altered',
  'overwritten',
  'deleted',
  'unlisted',
  'broken-link',
  'broken-chain',
  'duplicate',
  'bad-signature',
  'retention',
  'malformed',
  'forged-acceptance',
] as const;

/** One kind of verification problem. */
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** One problem found, naming the object (or bundle file) it is about. */
export interface VerificationProblem {
  readonly kind: ProblemKind;
  readonly key: string;
  readonly detail: string;
}

/** What a verification found in one account–region chain. */
export interface ChainVerification {
  readonly accountId: string;
  readonly region: string;
  /** Digests of the chain read. */
  readonly digests: number;
  /** Start of its oldest and end of its newest digest hour verified. */
  readonly from?: string;
  readonly to?: string;
  /** Distinct findings, attestations and remediation records read from the objects its digests list. */
  readonly findings: number;
  readonly attestations: number;
  readonly remediationRecords: number;
  /** Problems about the chain's digests and evidence objects, by kind (problems of bundle-wide files are not). */
  readonly problems: Partial<Record<ProblemKind, number>>;
}

/** Which accounts and regions a verification covers: a bundle's signed scope, or the bucket's selection. */
export interface VerificationScope {
  readonly accounts: 'all' | readonly string[];
  readonly regions: 'all' | readonly string[];
}

/** What a verification looked at and what it found. */
export interface VerificationReport {
  readonly problems: readonly VerificationProblem[];
  readonly digests: number;
  /** Findings read from the evidence objects the digests list (distinct by hash). */
  readonly findings: number;
  /** Attestations (unchanged re-evaluations) read from the same objects (distinct by hash). */
  readonly attestations: number;
  /** Remediation records the digests list. */
  readonly remediationRecords: number;
  /** Start of the oldest and end of the newest digest hour verified. */
  readonly from?: string;
  readonly to?: string;
  /** Fingerprints of the public keys that verified signatures. */
  readonly signingKeys: readonly string[];
  /**
   * Whether signatures were checked against a key the auditor pinned. Without a pin the key came from the
   * evidence under test, so a report without problems is UNPINNED, never PASS.
   */
  readonly pinned: boolean;
  /** Per account–region chain, sorted by `<account>/<region>`: what was verified and the problems found. */
  readonly chains: readonly ChainVerification[];
  /** The accounts and regions covered, when known (a bundle without a signed scope has none). */
  readonly scope?: VerificationScope;
}

/** The outcome of a verification: problems, none with a pinned key, or none with a key nobody pinned. */
export type Verdict = 'PASS' | 'FAIL' | 'UNPINNED';

/** FAIL when anything was found, else PASS with a pinned key and UNPINNED without one. */
export function verdictOf(report: VerificationReport): Verdict {
  if (report.problems.length > 0) return 'FAIL';
  return report.pinned ? 'PASS' : 'UNPINNED';
}

/** Finds the public key a digest names (by KMS key id and SPKI fingerprint); `undefined` when unknown. */
export type PublicKeyResolver = (signing: Digest['signing']) => Promise<KeyObject | undefined>;

/** The signing key the auditor trusts, obtained apart from the evidence under test. */
export type KeyPin =
  /** The key itself: `--public-key FILE`, or `--kms-key ARN` read with the auditor's own credentials. */
  | { readonly kind: 'key'; readonly key: KeyObject }
  /** Its fingerprint (hex SHA-256 of the SPKI DER): the key material may then come from the evidence. */
  | { readonly kind: 'fingerprint'; readonly fingerprint: string };

/** The hex SHA-256 (SPKI DER) a pin stands for. */
export function pinFingerprint(pin: KeyPin): string {
  return pin.kind === 'key' ? publicKeyFingerprint(pin.key) : pin.fingerprint;
}

/** Only the pinned key, among those `resolve` finds (all of them without a pin). */
export function pinnedKeys(resolve: PublicKeyResolver, pin: KeyPin | undefined): PublicKeyResolver {
  if (pin === undefined) return resolve;
  const fingerprint = pinFingerprint(pin);
  return async (signing) => {
    if (signing.publicKeyFingerprint !== fingerprint) return undefined;
    const key = pin.kind === 'key' ? pin.key : await resolve(signing);
    return key !== undefined && publicKeyFingerprint(key) === fingerprint ? key : undefined;
  };
}

/**
 * The account–region chain an evidence or digest key belongs to (`digests/`, `findings/` or `remediations/`
 * then `<account>/<region>/`, URI-encoded), or `undefined` for other keys (bundle files, the manifest).
 */
export function chainOfKey(key: string): { accountId: string; region: string } | undefined {
  const match = /^(?:digests|findings|remediations)\/([^/]+)\/([^/]+)\//.exec(key);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  try {
    return { accountId: decodeURIComponent(match[1]), region: decodeURIComponent(match[2]) };
  } catch {
    return undefined;
  }
}

/** Running figures of one chain. */
interface ChainTally {
  readonly accountId: string;
  readonly region: string;
  digests: number;
  earliest: number | undefined;
  latest: number | undefined;
  findings: number;
  attestations: number;
  remediationRecords: number;
}

/** A digest loaded for chain checks. */
export interface LoadedDigest {
  readonly key: string;
  readonly sha256: string;
  readonly digest?: Digest;
}

/** Collects problems and listed entries while walking digest chains. */
export class VerificationState {
  readonly problems: VerificationProblem[] = [];
  /** Object key → SHA-256 values the digests list for its versions (delete markers have none). */
  readonly listed = new Map<string, Set<string>>();
  readonly signingKeys = new Set<string>();
  /** Whether the key checked against was pinned by the auditor. */
  pinned = false;
  digests = 0;
  earliest: number | undefined;
  latest: number | undefined;
  /** The accounts and regions covered, when known. */
  scope: VerificationScope | undefined;
  readonly #chains = new Map<string, ChainTally>();

  add(kind: ProblemKind, key: string, detail: string): void {
    this.problems.push({ kind, key, detail });
  }

  /** The running figures of a chain, created (and so reported) on first use. */
  chain(accountId: string, region: string): ChainTally {
    const name = `${accountId}/${region}`;
    let tally = this.#chains.get(name);
    if (tally === undefined) {
      tally = {
        accountId,
        region,
        digests: 0,
        earliest: undefined,
        latest: undefined,
        findings: 0,
        attestations: 0,
        remediationRecords: 0,
      };
      this.#chains.set(name, tally);
    }
    return tally;
  }

  /** Counts a digest hour read in its chain. */
  noteDigestHour(accountId: string, region: string, start: number, end: number): void {
    const tally = this.chain(accountId, region);
    tally.earliest = Math.min(tally.earliest ?? start, start);
    tally.latest = Math.max(tally.latest ?? end, end);
  }

  /** Counts a record first read from the object under `key` in that object's chain. */
  noteRecord(key: string, kind: 'finding' | 'attestation' | 'remediation'): void {
    const chain = chainOfKey(key);
    if (chain === undefined) return;
    const tally = this.chain(chain.accountId, chain.region);
    if (kind === 'finding') tally.findings++;
    else if (kind === 'attestation') tally.attestations++;
    else tally.remediationRecords++;
  }

  report(findings: number, remediationRecords = 0, attestations = 0): VerificationReport {
    const byChain = new Map<string, Partial<Record<ProblemKind, number>>>();
    for (const problem of this.problems) {
      const chain = chainOfKey(problem.key);
      if (chain === undefined) continue;
      this.chain(chain.accountId, chain.region);
      const name = `${chain.accountId}/${chain.region}`;
      const counts = byChain.get(name) ?? {};
      counts[problem.kind] = (counts[problem.kind] ?? 0) + 1;
      byChain.set(name, counts);
    }
    const chains = [...this.#chains]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(
        ([name, tally]): ChainVerification => ({
          accountId: tally.accountId,
          region: tally.region,
          digests: tally.digests,
          ...(tally.earliest === undefined ? {} : { from: new Date(tally.earliest).toISOString() }),
          ...(tally.latest === undefined ? {} : { to: new Date(tally.latest).toISOString() }),
          findings: tally.findings,
          attestations: tally.attestations,
          remediationRecords: tally.remediationRecords,
          problems: byChain.get(name) ?? {},
        }),
      );
    return {
      problems: [...this.problems].sort(
        (a, b) => PROBLEM_KINDS.indexOf(a.kind) - PROBLEM_KINDS.indexOf(b.kind) || (a.key < b.key ? -1 : 1),
      ),
      digests: this.digests,
      findings,
      attestations,
      remediationRecords,
      ...(this.earliest === undefined ? {} : { from: new Date(this.earliest).toISOString() }),
      ...(this.latest === undefined ? {} : { to: new Date(this.latest).toISOString() }),
      signingKeys: [...this.signingKeys].sort(),
      pinned: this.pinned,
      chains,
      ...(this.scope === undefined ? {} : { scope: this.scope }),
    };
  }
}

/** Options of a chain walk. */
export interface WalkOptions {
  /** Called with each digest read (and awaited), before the next one is read. */
  readonly onDigest?: (loaded: LoadedDigest) => void | Promise<void>;
  /**
   * Whether the digest the first one links to must exist (true in a bucket; a bundle starts where its
   * period starts, default true).
   */
  readonly linkBeforeFirstRequired?: boolean;
}

/**
 * Checks one digest chain (keys of one `digests/<acct>/<region>/`, oldest first): each digest is readable,
 * stored at its own key, signed by a known key (the same one as the chain's first digest), linked to the
 * hour right before it by key and hash.
 * `load` returns a digest's bytes, or `undefined` when it does not exist.
 */
export async function walkDigestChain(
  keys: readonly string[],
  load: (key: string) => Promise<Uint8Array | undefined>,
  publicKeys: PublicKeyResolver,
  state: VerificationState,
  options: WalkOptions = {},
): Promise<LoadedDigest | undefined> {
  // Only keys and hashes are kept for the links; a digest's entries live in `state.listed`.
  const byKey = new Map<string, { readonly key: string; readonly sha256: string }>();
  let previous: LoadedDigest | undefined;
  let chainKey: string | undefined;
  for (const key of keys) {
    const bytes = await load(key);
    if (bytes === undefined) {
      state.add('missing', key, 'digest listed but not found');
      previous = undefined;
      continue;
    }
    state.digests++;
    const chain = chainOfKey(key);
    if (chain !== undefined) state.chain(chain.accountId, chain.region).digests++;
    const loaded = checkDigest(key, bytes, state);
    byKey.set(key, { key, sha256: loaded.sha256 });
    await options.onDigest?.(loaded);
    const digest = loaded.digest;
    if (digest !== undefined) {
      chainKey ??= digest.signing.publicKeyFingerprint;
      if (digest.signing.publicKeyFingerprint !== chainKey) {
        // Any RSA key the account holds could sign; a chain changes keys only with a new chain.
        state.add(
          'bad-signature',
          key,
          `signed by ${digest.signing.keyId} (${digest.signing.publicKeyFingerprint}), not the chain's key ${chainKey}`,
        );
      }
      await checkSignature(digest, key, publicKeys, state);
      await checkLink(digest, key, previous, byKey, load, state, options.linkBeforeFirstRequired ?? true);
    }
    previous = loaded;
  }
  return previous;
}

function checkDigest(key: string, bytes: Uint8Array, state: VerificationState): LoadedDigest {
  const sha256 = sha256OfBytes(bytes);
  let digest: Digest;
  try {
    digest = parseDigest(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    state.add('malformed', key, `not a digest: ${error instanceof Error ? error.message : String(error)}`);
    return { key, sha256 };
  }
  if (digest.key !== key) {
    state.add('broken-link', key, `digest of ${digest.key} is stored at ${key}`);
  }
  const start = Date.parse(digest.periodStart);
  const end = Date.parse(digest.periodEnd);
  if (end - start !== PERIOD_MS || periodStartOf(new Date(start)).getTime() !== start) {
    state.add('malformed', key, `period ${digest.periodStart}–${digest.periodEnd} is not one UTC hour`);
  }
  if (digest.objectCount !== digest.objects.length) {
    state.add('malformed', key, `objectCount ${digest.objectCount} but ${digest.objects.length} entries`);
  }
  if (digestKey(digest.accountId, digest.region, new Date(start)) !== digest.key) {
    state.add(
      'malformed',
      key,
      `account ${digest.accountId}, region ${digest.region} and hour do not match its key`,
    );
  }
  state.earliest = Math.min(state.earliest ?? start, start);
  state.latest = Math.max(state.latest ?? end, end);
  const chain = chainOfKey(key);
  if (chain !== undefined) state.noteDigestHour(chain.accountId, chain.region, start, end);
  const prefixes = hourPrefixes(digest.accountId, digest.region, new Date(start));
  for (const entry of digest.objects) {
    if (!prefixes.some((prefix) => entry.key.startsWith(prefix))) {
      state.add('malformed', key, `lists ${entry.key}, which is not under its hour (${prefixes.join(', ')})`);
    }
    if (isDeleteMarkerEntry(entry)) continue;
    const shas = state.listed.get(entry.key) ?? new Set<string>();
    shas.add(entry.sha256);
    state.listed.set(entry.key, shas);
  }
  return { key, sha256, digest };
}

async function checkSignature(
  digest: Digest,
  key: string,
  publicKeys: PublicKeyResolver,
  state: VerificationState,
): Promise<void> {
  const publicKey = await publicKeys(digest.signing);
  if (publicKey === undefined) {
    state.add(
      'bad-signature',
      key,
      `signing key ${digest.signing.keyId} (${digest.signing.publicKeyFingerprint}) is not a known key`,
    );
    return;
  }
  if (!verifyDigestSignature(digest, publicKey)) {
    state.add('bad-signature', key, `signature does not verify with ${digest.signing.keyId}`);
    return;
  }
  state.signingKeys.add(digest.signing.publicKeyFingerprint);
}

async function checkLink(
  digest: Digest,
  key: string,
  previous: LoadedDigest | undefined,
  byKey: ReadonlyMap<string, { readonly key: string; readonly sha256: string }>,
  load: (key: string) => Promise<Uint8Array | undefined>,
  state: VerificationState,
  linkBeforeFirstRequired: boolean,
): Promise<void> {
  const expected = precedingDigestKey(key);
  if (digest.previousDigestKey === null) {
    // A chain may start anywhere, but not after a digest of the same chain.
    if (previous !== undefined) {
      state.add('broken-link', key, `chain restarts (no previous digest) after ${previous.key}`);
    }
    return;
  }
  if (digest.previousDigestKey !== expected) {
    state.add('broken-link', key, `links to ${digest.previousDigestKey}, expected ${String(expected)}`);
    return;
  }
  let linked = byKey.get(expected);
  if (linked === undefined) {
    if (previous === undefined && !linkBeforeFirstRequired) return;
    const bytes = await load(expected);
    if (bytes === undefined) {
      state.add('missing', expected, `digest ${key} links to it`);
      return;
    }
    linked = { key: expected, sha256: sha256OfBytes(bytes) };
  }
  if (linked.sha256 !== digest.previousDigestSha256) {
    state.add(
      'broken-link',
      key,
      `previousDigestSha256 ${digest.previousDigestSha256} but ${expected} hashes to ${linked.sha256}`,
    );
  }
}

/** Digest keys grouped by chain (`digests/<acct>/<region>/`), each group in the given (key) order. */
export function groupDigestKeysByChain(keys: readonly string[]): Map<string, string[]> {
  const chains = new Map<string, string[]>();
  for (const key of keys) {
    const parsed = parseDigestKey(key);
    if (parsed === undefined) continue;
    const list = chains.get(parsed.chainPrefix) ?? [];
    list.push(key);
    chains.set(parsed.chainPrefix, list);
  }
  return chains;
}
