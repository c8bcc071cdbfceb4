import type { KeyObject } from 'node:crypto';
import { mapWithConcurrency } from '#shared/pipeline/concurrency';
import { RemediationRecordSchema, remediationKey, verifyRecord } from '#shared/remediations/record';
import {
  DIGESTS_PREFIX,
  type Digest,
  type DigestEntry,
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
import { listDigests, periodOverlaps } from './digest-reader';
import { hourPrefixes } from './digest-sealer';
import type { EvidenceObjectReader, ListedVersion, StoredObject } from './evidence-objects';
import { ChainChecker, FINDINGS_PREFIX, parseBatch, REMEDIATIONS_PREFIX } from './finding';

const DAY_MS = 86_400_000;
/** Slack, after an hour ends, before its digest must exist (sealer grace plus schedule jitter). */
const SEALING_SLACK_MS = 70 * 60_000;
/** Retain-until dates are compared with a little tolerance for S3's rounding to seconds. */
const RETENTION_TOLERANCE_MS = 60_000;
/** The version id S3 gives objects written while a bucket is unversioned (a plain copy of the evidence). */
const NULL_VERSION = 'null';

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

/** How to verify a bucket. */
export interface VerifyBucketOptions {
  readonly reader: EvidenceObjectReader;
  /** Finds the key each digest names (e.g. KMS GetPublicKey of its key id). */
  readonly publicKeys: PublicKeyResolver;
  /** The key the auditor pinned: only it verifies signatures (without it the report is unpinned). */
  readonly pin?: KeyPin;
  /** Which digest chains to walk (default every chain: `digests/`). */
  readonly prefix?: string;
  readonly from?: Date;
  readonly to?: Date;
  /** Minimum COMPLIANCE retention, in days from an object's write (LastModified) / a digest's hour end. */
  readonly retentionDays?: number;
  /** Skip the Object Lock checks (for an unlocked copy of the evidence). */
  readonly skipRetention?: boolean;
  readonly now: Date;
  /** Object versions read at once (default 16). */
  readonly concurrency?: number;
  /** Called as listed object versions are checked, with the number checked so far. */
  readonly onProgress?: (checked: number) => void;
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

  add(kind: ProblemKind, key: string, detail: string): void {
    this.problems.push({ kind, key, detail });
  }

  report(findings: number, remediationRecords = 0, attestations = 0): VerificationReport {
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

/** What a bucket verification counts and chains across every hour it checks. */
class BucketTally {
  /** Hashes of the findings and attestations read: a line found in two versions of a key counts once. */
  readonly findings = new Set<string>();
  readonly attestations = new Set<string>();
  remediationRecords = 0;
  checked = 0;
  readonly chains = new ChainChecker();
}

/**
 * Verifies evidence in a bucket: walks every digest chain under the prefix over the period, and for each
 * sealed hour compares what the digest lists with what the bucket holds under the hour's evidence prefixes,
 * version by version: each listed version exists with its SHA-256 and is locked; a key with more than one
 * version is overwritten, a delete marker is a deletion, a version no digest lists is unlisted. Every intact
 * batch is parsed line by line and its findings and attestations checked as resource–rule chains. Also
 * checks that sealing has not stopped and that no digest was overwritten or deleted.
 */
export async function verifyBucket(options: VerifyBucketOptions): Promise<VerificationReport> {
  const { reader } = options;
  const state = new VerificationState();
  const prefix = options.prefix ?? DIGESTS_PREFIX;
  // Evidence keys are dated by the hour they were written in, the hour whose digest lists them: the
  // period's digests are exactly the ones to check.
  state.pinned = options.pin !== undefined;
  const publicKeys = pinnedKeys(options.publicKeys, options.pin);
  const keys = await listDigests(
    reader,
    {
      ...(options.from === undefined ? {} : { from: options.from }),
      ...(options.to === undefined ? {} : { to: options.to }),
    },
    prefix,
  );
  const chains = groupDigestKeysByChain(keys);
  if (chains.size === 0) {
    state.add('missing', prefix, 'no digests found for the period');
    return state.report(0);
  }
  const tally = new BucketTally();
  // Lock headers of the digest being walked, read with its bytes; dropped once checked.
  const digestLocks = new Map<string, StoredObject>();
  const load = async (key: string): Promise<Uint8Array | undefined> => {
    const stored = await reader.get(key);
    if (stored === undefined) return undefined;
    digestLocks.set(key, { ...stored, bytes: new Uint8Array() });
    return stored.bytes;
  };
  for (const [chainPrefix, chainKeys] of chains) {
    const last = await walkDigestChain(chainKeys, load, publicKeys, state, {
      onDigest: async (loaded) => {
        const stored = digestLocks.get(loaded.key);
        const end = loaded.digest === undefined ? undefined : Date.parse(loaded.digest.periodEnd);
        if (stored !== undefined) checkLock(stored, end, options, state);
        digestLocks.clear();
        if (loaded.digest !== undefined) await checkHour(loaded.digest, options, state, tally);
      },
    });
    await checkDigestVersions(reader, chainPrefix, options, state);
    checkSealingCurrent(chainPrefix, last, options, state);
  }
  for (const problem of tally.chains.problems()) {
    const { key, line } = splitWhere(problem.where);
    state.add(
      'broken-chain',
      key,
      `${line === undefined ? '' : `line ${line}: `}${problem.chainId}: ${problem.detail}`,
    );
  }
  return state.report(tally.findings.size, tally.remediationRecords, tally.attestations.size);
}

/** `<key>:<line>` (how batch lines are named to the chain checker) back to its parts. */
function whereOf(key: string, line: number): string {
  return `${key}:${line}`;
}

function splitWhere(where: string): { key: string; line?: string } {
  const match = /^(.*):(\d+)$/.exec(where);
  return match?.[1] === undefined || match[2] === undefined
    ? { key: where }
    : { key: match[1], line: match[2] };
}

function describeVersion(version: ListedVersion): string {
  const written = version.lastModified === undefined ? '' : `, written ${version.lastModified.toISOString()}`;
  return `${version.deleteMarker ? 'delete marker' : 'version'} ${version.versionId}${written}`;
}

/**
 * Flags a key with more than one object version (overwritten) or with a delete marker (deleted). In a plain
 * copy every key has one `null` version that stands for the versions the digest lists, so the count is the
 * larger of the versions listed and the versions in the bucket plus the listed ones it lacks.
 */
function reportVersions(
  key: string,
  actual: readonly ListedVersion[],
  listed: readonly DigestEntry[],
  unmatchedVersions: number,
  state: VerificationState,
): void {
  const listedVersions = listed.filter((entry) => !isDeleteMarkerEntry(entry));
  const actualVersions = actual.filter((version) => !version.deleteMarker);
  const count = Math.max(listedVersions.length, actualVersions.length + unmatchedVersions);
  if (count > 1) {
    const ids = new Set([...listedVersions, ...actualVersions].map((version) => version.versionId));
    state.add('overwritten', key, `${count} versions (${[...ids].join(', ')}); evidence is written once`);
  }
  const markers = new Set(
    [...actual.filter((version) => version.deleteMarker), ...listed.filter(isDeleteMarkerEntry)].map(
      (version) => version.versionId,
    ),
  );
  if (markers.size > 0) {
    state.add('deleted', key, `delete marker ${[...markers].join(', ')}; the locked versions stay readable`);
  }
}

/** Versions of one key: what the bucket lists and what the digest lists. */
interface KeyVersions {
  readonly actual: ListedVersion[];
  readonly listed: DigestEntry[];
}

/**
 * Compares one sealed hour's digest with the bucket's versions under the hour's evidence prefixes, then
 * reads and checks every listed version found.
 */
async function checkHour(
  digest: Digest,
  options: VerifyBucketOptions,
  state: VerificationState,
  tally: BucketTally,
): Promise<void> {
  const { reader } = options;
  const hourStart = Date.parse(digest.periodStart);
  const prefixes = hourPrefixes(digest.accountId, digest.region, new Date(hourStart));
  const byKey = new Map<string, KeyVersions>();
  const versionsOf = (key: string): KeyVersions => {
    let versions = byKey.get(key);
    if (versions === undefined) {
      versions = { actual: [], listed: [] };
      byKey.set(key, versions);
    }
    return versions;
  };
  for (const prefix of prefixes) {
    for await (const version of reader.listVersions(prefix)) versionsOf(version.key).actual.push(version);
  }
  // Entries outside the hour are reported by checkDigest as malformed.
  for (const entry of digest.objects) {
    if (prefixes.some((prefix) => entry.key.startsWith(prefix))) versionsOf(entry.key).listed.push(entry);
  }

  const reads: { key: string; entry: DigestEntry & { sha256: string }; version: ListedVersion }[] = [];
  for (const [key, { actual, listed }] of [...byKey].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const matched = new Set<ListedVersion>();
    let unmatchedVersions = 0;
    for (const entry of listed) {
      const marker = isDeleteMarkerEntry(entry);
      const only = actual.length === 1 ? actual[0] : undefined;
      const version =
        actual.find((v) => v.versionId === entry.versionId && v.deleteMarker === marker) ??
        // A plain (unversioned) copy of the evidence holds each key once, under version id "null".
        (!marker && only !== undefined && only.versionId === NULL_VERSION && !only.deleteMarker
          ? only
          : undefined);
      if (version !== undefined) matched.add(version);
      if (isDeleteMarkerEntry(entry)) continue;
      if (version === undefined) {
        unmatchedVersions++;
        state.add(
          'missing',
          key,
          `version ${entry.versionId} is listed in ${digest.key} but not in the bucket`,
        );
        continue;
      }
      reads.push({ key, entry, version });
    }
    for (const version of actual) {
      if (!matched.has(version)) {
        state.add(
          'unlisted',
          key,
          `${describeVersion(version)} is in no digest (${digest.key} seals its hour)`,
        );
      }
    }
    reportVersions(key, actual, listed, unmatchedVersions, state);
  }

  await mapWithConcurrency(reads, options.concurrency ?? 16, async ({ key, entry, version }) => {
    const stored = await reader.get(key, version.versionId === NULL_VERSION ? undefined : version.versionId);
    tally.checked++;
    options.onProgress?.(tally.checked);
    if (stored === undefined) {
      state.add('missing', key, `version ${entry.versionId} is listed in ${digest.key} but cannot be read`);
      return;
    }
    const actual = sha256OfBytes(stored.bytes);
    if (actual !== entry.sha256) {
      state.add(
        'altered',
        key,
        `version ${entry.versionId}: SHA-256 ${actual}, ${digest.key} lists ${entry.sha256}`,
      );
      return;
    }
    checkLock(stored, stored.lastModified?.getTime() ?? hourStart, options, state);
    checkContent(key, stored.bytes, digest, state, tally);
  });
}

/** Parses an intact evidence object: a batch's lines feed the chain checker, a remediation record is checked. */
function checkContent(
  key: string,
  bytes: Uint8Array,
  digest: Digest,
  state: VerificationState,
  tally: BucketTally,
): void {
  if (key.startsWith(REMEDIATIONS_PREFIX)) {
    tally.remediationRecords++;
    const problem = remediationRecordProblem(key, bytes);
    if (problem !== undefined) state.add('malformed', key, problem);
    return;
  }
  if (!key.startsWith(FINDINGS_PREFIX)) return;
  const batch = parseBatch(bytes);
  if (batch.problem !== undefined) state.add('malformed', key, `batch ${batch.problem}`);
  for (const line of batch.lines) {
    if ('problem' in line) {
      state.add('malformed', key, `line ${line.line}: ${line.problem}`);
      continue;
    }
    const { record } = line;
    if (record.resource.accountId !== digest.accountId || record.resource.region !== digest.region) {
      state.add(
        'malformed',
        key,
        `line ${line.line}: ${record.kind} of ${record.resource.accountId}/${record.resource.region} in the evidence of ${digest.accountId}/${digest.region}`,
      );
    }
    if (record.kind === 'finding') {
      tally.findings.add(record.hash);
      tally.chains.addFinding(record, whereOf(key, line.line));
    } else {
      tally.attestations.add(record.hash);
      tally.chains.addAttestation(record, whereOf(key, line.line));
    }
  }
}

function remediationRecordProblem(key: string, bytes: Uint8Array): string | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return 'remediation record is not JSON';
  }
  const parsed = RemediationRecordSchema.safeParse(raw);
  if (!parsed.success) return 'not a remediation record';
  if (!verifyRecord(parsed.data)) return 'remediation record hash mismatch';
  const expected = remediationKey(parsed.data);
  return expected === key ? undefined : `remediation record belongs at ${expected}`;
}

/** Flags a digest of the period whose key holds more than one version, or a delete marker. */
async function checkDigestVersions(
  reader: EvidenceObjectReader,
  chainPrefix: string,
  options: VerifyBucketOptions,
  state: VerificationState,
): Promise<void> {
  const period = {
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
  };
  const byKey = new Map<string, ListedVersion[]>();
  for await (const version of reader.listVersions(chainPrefix)) {
    const parsed = parseDigestKey(version.key);
    if (parsed === undefined || !periodOverlaps(parsed.periodStart, period)) continue;
    const versions = byKey.get(version.key) ?? [];
    versions.push(version);
    byKey.set(version.key, versions);
  }
  for (const [key, versions] of byKey) {
    const objects = versions.filter((v) => !v.deleteMarker);
    const markers = versions.filter((v) => v.deleteMarker);
    if (objects.length > 1) {
      state.add(
        'overwritten',
        key,
        `${objects.length} versions of the digest (${objects.map((v) => v.versionId).join(', ')})`,
      );
    }
    if (markers.length > 0) {
      state.add('deleted', key, `delete marker ${markers.map((v) => v.versionId).join(', ')} on the digest`);
    }
  }
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
