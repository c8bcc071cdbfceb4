import type { KeyObject } from 'node:crypto';
import {
  DIGESTS_PREFIX,
  type Digest,
  PERIOD_MS,
  parseDigest,
  parseDigestKey,
  periodStartOf,
  precedingDigestKey,
  sha256OfBytes,
  verifyDigestSignature,
} from './digest';
import { listDigests } from './digest-reader';
import type { EvidenceObjectReader, StoredObject } from './evidence-objects';
import { FINDINGS_PREFIX, REMEDIATIONS_PREFIX } from './finding';

const DAY_MS = 86_400_000;
/** Slack, after an hour ends, before its digest must exist (sealer grace plus schedule jitter). */
const SEALING_SLACK_MS = 70 * 60_000;
/** Retain-until dates are compared with a little tolerance for S3's rounding to seconds. */
const RETENTION_TOLERANCE_MS = 60_000;

/** The kinds of problem `vigil verify` reports (see docs/evidence-bundle.md). */
export const PROBLEM_KINDS = [
  'missing',
  'altered',
  'unlisted',
  'broken-link',
  'bad-signature',
  'retention',
  'malformed',
] as const;

/** One kind of verification problem. */
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** One problem found, naming the object (or bundle file) it is about. */
export interface VerificationProblem {
  readonly kind: ProblemKind;
  readonly key: string;
  readonly detail: string;
}

/** What a verification looked at and what it found. */
export interface VerificationReport {
  readonly problems: readonly VerificationProblem[];
  readonly digests: number;
  readonly findings: number;
  /** Remediation records the digests list (checked like findings); bundles do not carry them. */
  readonly remediationRecords: number;
  /** Start of the oldest and end of the newest digest hour verified. */
  readonly from?: string;
  readonly to?: string;
  /** Fingerprints of the public keys that verified signatures. */
  readonly signingKeys: readonly string[];
}

/** Finds the public key a digest names (by KMS key id and SPKI fingerprint); `undefined` when unknown. */
export type PublicKeyResolver = (signing: Digest['signing']) => Promise<KeyObject | undefined>;

/** How to verify a bucket. */
export interface VerifyBucketOptions {
  readonly reader: EvidenceObjectReader;
  readonly publicKeys: PublicKeyResolver;
  /** Which digest chains to walk (default every chain: `digests/`). */
  readonly prefix?: string;
  readonly from?: Date;
  readonly to?: Date;
  /** Minimum COMPLIANCE retention, in days from a finding's evaluation / a digest's hour end. */
  readonly retentionDays?: number;
  /** Skip the Object Lock checks (for an unlocked copy of the evidence). */
  readonly skipRetention?: boolean;
  readonly now: Date;
  /** Objects read at once (default 16). */
  readonly concurrency?: number;
  /** Called as listed objects are checked. */
  readonly onProgress?: (checked: number, total: number) => void;
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
  /** Finding key → SHA-256 values the digests list for it. */
  readonly listed = new Map<string, Set<string>>();
  readonly signingKeys = new Set<string>();
  digests = 0;
  earliest: number | undefined;
  latest: number | undefined;

  add(kind: ProblemKind, key: string, detail: string): void {
    this.problems.push({ kind, key, detail });
  }

  report(findings: number, remediationRecords = 0): VerificationReport {
    return {
      problems: [...this.problems].sort(
        (a, b) => PROBLEM_KINDS.indexOf(a.kind) - PROBLEM_KINDS.indexOf(b.kind) || (a.key < b.key ? -1 : 1),
      ),
      digests: this.digests,
      findings,
      remediationRecords,
      ...(this.earliest === undefined ? {} : { from: new Date(this.earliest).toISOString() }),
      ...(this.latest === undefined ? {} : { to: new Date(this.latest).toISOString() }),
      signingKeys: [...this.signingKeys].sort(),
    };
  }
}

/** Options of a chain walk. */
export interface WalkOptions {
  /** Called with each digest read. */
  readonly onDigest?: (loaded: LoadedDigest) => void;
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
    const loaded = checkDigest(key, bytes, state);
    byKey.set(key, { key, sha256: loaded.sha256 });
    options.onDigest?.(loaded);
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
  if (digest.findingCount !== digest.findings.length) {
    state.add('malformed', key, `findingCount ${digest.findingCount} but ${digest.findings.length} entries`);
  }
  state.earliest = Math.min(state.earliest ?? start, start);
  state.latest = Math.max(state.latest ?? end, end);
  for (const entry of digest.findings) {
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

function keyInChain(chainPrefix: string, periodStart: Date): string {
  const iso = periodStart.toISOString();
  return `${chainPrefix}${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}.json`;
}

function checkLock(
  stored: StoredObject,
  reference: number | undefined,
  options: VerifyBucketOptions,
  state: VerificationState,
): void {
  if (options.skipRetention) return;
  if (stored.lockMode !== 'COMPLIANCE') {
    state.add('retention', stored.key, `Object Lock mode is ${stored.lockMode ?? 'none'}, not COMPLIANCE`);
    return;
  }
  const until = stored.retainUntil?.getTime();
  if (until === undefined || Number.isNaN(until)) {
    state.add('retention', stored.key, 'no retain-until date');
    return;
  }
  if (options.retentionDays !== undefined && reference !== undefined) {
    const required = reference + options.retentionDays * DAY_MS;
    if (until + RETENTION_TOLERANCE_MS < required) {
      state.add(
        'retention',
        stored.key,
        `retained until ${new Date(until).toISOString()}, less than ${options.retentionDays} days (${new Date(required).toISOString()})`,
      );
    }
  }
}

async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}

function evaluatedAtOf(bytes: Uint8Array): number | undefined {
  try {
    const value = (JSON.parse(Buffer.from(bytes).toString('utf8')) as { evaluatedAt?: unknown }).evaluatedAt;
    const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    return Number.isNaN(time) ? undefined : time;
  } catch {
    return undefined;
  }
}

/**
 * Verifies evidence in a bucket: walks every digest chain under the prefix over the period (one hour of
 * margin each side, since a finding is listed in the hour its write started), checks each listed finding
 * exists with its SHA-256 and is locked, that every finding written during the sealed hours is listed, and
 * that sealing has not stopped.
 */
export async function verifyBucket(options: VerifyBucketOptions): Promise<VerificationReport> {
  const { reader } = options;
  const state = new VerificationState();
  const keys = await listDigests(
    reader,
    {
      ...(options.from === undefined ? {} : { from: new Date(options.from.getTime() - PERIOD_MS) }),
      ...(options.to === undefined ? {} : { to: new Date(options.to.getTime() + PERIOD_MS) }),
    },
    options.prefix ?? DIGESTS_PREFIX,
  );
  const chains = groupDigestKeysByChain(keys);
  if (chains.size === 0) {
    state.add('missing', options.prefix ?? DIGESTS_PREFIX, 'no digests found for the period');
    return state.report(0);
  }
  // Lock headers of the digest being walked, read with its bytes; dropped once checked.
  const digestLocks = new Map<string, StoredObject>();
  const load = async (key: string): Promise<Uint8Array | undefined> => {
    const stored = await reader.get(key);
    if (stored === undefined) return undefined;
    digestLocks.set(key, { ...stored, bytes: new Uint8Array() });
    return stored.bytes;
  };
  for (const [chainPrefix, chainKeys] of chains) {
    const last = await walkDigestChain(chainKeys, load, options.publicKeys, state, {
      onDigest: (loaded) => {
        const stored = digestLocks.get(loaded.key);
        const end = loaded.digest === undefined ? undefined : Date.parse(loaded.digest.periodEnd);
        if (stored !== undefined) checkLock(stored, end, options, state);
        digestLocks.clear();
      },
    });
    checkSealingCurrent(chainPrefix, last, options, state);
  }

  const entries = [...state.listed.entries()];
  let checked = 0;
  await forEachConcurrently(entries, options.concurrency ?? 16, async ([key, shas]) => {
    const stored = await reader.get(key);
    checked++;
    options.onProgress?.(checked, entries.length);
    if (stored === undefined) {
      state.add('missing', key, 'listed in a digest but not found');
      return;
    }
    const actual = sha256OfBytes(stored.bytes);
    for (const expected of shas) {
      if (expected !== actual) state.add('altered', key, `SHA-256 ${actual}, digest lists ${expected}`);
    }
    checkLock(stored, evaluatedAtOf(stored.bytes) ?? stored.lastModified?.getTime(), options, state);
  });

  await checkUnlisted(reader, [...chains.keys()], options, state);
  const records = entries.filter(([key]) => key.startsWith(REMEDIATIONS_PREFIX)).length;
  return state.report(entries.length - records, records);
}

/** Flags a chain whose newest digest is older than the schedule allows (sealing stopped, or digests removed). */
function checkSealingCurrent(
  chainPrefix: string,
  last: LoadedDigest | undefined,
  options: VerifyBucketOptions,
  state: VerificationState,
): void {
  const lastEnd = last?.digest === undefined ? undefined : Date.parse(last.digest.periodEnd);
  if (lastEnd === undefined) return;
  const bound = Math.min(
    options.to?.getTime() ?? Number.POSITIVE_INFINITY,
    options.now.getTime() - SEALING_SLACK_MS,
  );
  const requiredEnd = periodStartOf(new Date(bound)).getTime();
  if (lastEnd < requiredEnd) {
    state.add(
      'missing',
      keyInChain(chainPrefix, new Date(lastEnd)),
      `no digest after ${new Date(lastEnd).toISOString()}; hours up to ${new Date(requiredEnd).toISOString()} should be sealed`,
    );
  }
}

/**
 * Flags findings and remediation records written during the sealed hours that no digest lists. Only the
 * verified chains' accounts and regions are looked at (a chain `digests/<account>/<region>/` seals
 * `findings/<account>/<region>/` and `remediations/<account>/<region>/`), so verifying one chain of a
 * shared bucket does not flag the others'.
 */
async function checkUnlisted(
  reader: EvidenceObjectReader,
  chainPrefixes: readonly string[],
  options: VerifyBucketOptions,
  state: VerificationState,
): Promise<void> {
  if (state.earliest === undefined || state.latest === undefined) return;
  const start = Math.max(state.earliest, options.from?.getTime() ?? Number.NEGATIVE_INFINITY);
  const end = Math.min(state.latest, options.to?.getTime() ?? Number.POSITIVE_INFINITY);
  const evidencePrefixes = chainPrefixes.flatMap((chainPrefix) => {
    const accountRegion = chainPrefix.slice(DIGESTS_PREFIX.length);
    return [FINDINGS_PREFIX + accountRegion, REMEDIATIONS_PREFIX + accountRegion];
  });
  for (const evidencePrefix of evidencePrefixes) {
    for await (const object of reader.list(evidencePrefix)) {
      const written = object.lastModified?.getTime();
      if (written === undefined || written < start || written >= end) continue;
      if (!state.listed.has(object.key)) {
        state.add('unlisted', object.key, `written ${new Date(written).toISOString()}, in no digest`);
      }
    }
  }
}
