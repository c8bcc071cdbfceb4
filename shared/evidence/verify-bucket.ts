import { ACCEPTANCES_PREFIX } from '#shared/acceptances/register-chain';
import { checkFindingAcceptance, checkRegisterChain } from '#shared/acceptances/verify-register';
import { mapWithConcurrency } from '#shared/pipeline/concurrency';
import { RemediationRecordSchema, remediationKey, verifyRecord } from '#shared/remediations/record';
import {
  DIGESTS_PREFIX,
  type Digest,
  type DigestEntry,
  isDeleteMarkerEntry,
  parseDigestKey,
  periodStartOf,
  sha256OfBytes,
} from './digest';
import { listDigests, periodOverlaps } from './digest-reader';
import { hourPrefixes } from './digest-sealer';
import type {
  EvidenceObjectReader,
  EvidencePrefixLister,
  ListedVersion,
  StoredObject,
} from './evidence-objects';
import { ChainChecker, FINDINGS_PREFIX, type Finding, parseBatch, REMEDIATIONS_PREFIX } from './finding';

import { checkAskedChains, checkUnsealedChains, SEALING_SLACK_MS } from './verify-bucket-chains';
import {
  chainOfKey,
  groupDigestKeysByChain,
  type KeyPin,
  type LoadedDigest,
  type PublicKeyResolver,
  pinnedKeys,
  type VerificationReport,
  VerificationState,
  walkDigestChain,
} from './verify-evidence';

const DAY_MS = 86_400_000;
/** Retain-until dates are compared with a little tolerance for S3's rounding to seconds. */
const RETENTION_TOLERANCE_MS = 60_000;
/** The version id S3 gives objects written while a bucket is unversioned (a plain copy of the evidence). */
const NULL_VERSION = 'null';

/** How to verify a bucket. */
export interface VerifyBucketOptions {
  /** The bucket: read, and listed by folder to find chains with evidence but no digest. */
  readonly reader: EvidenceObjectReader & EvidencePrefixLister;
  /** Finds the key each digest names (e.g. KMS GetPublicKey of its key id). */
  readonly publicKeys: PublicKeyResolver;
  /** The key the auditor pinned: only it verifies signatures (without it the report is unpinned). */
  readonly pin?: KeyPin;
  /** Which digest chains to walk (default every chain: `digests/`). */
  readonly prefix?: string;
  /** Only the chains of these accounts; each must have one (default every account). */
  readonly accounts?: readonly string[];
  /** Only the chains in these regions; each must have one (default every region). */
  readonly regions?: readonly string[];
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
  /** Findings that claim an acceptance or a tag exemption, checked against the register chain at the end. */
  readonly claims: { finding: Finding; where: string }[] = [];
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
  const accounts = options.accounts ?? [];
  const regions = options.regions ?? [];
  if (prefix === DIGESTS_PREFIX) {
    state.scope = {
      accounts: accounts.length === 0 ? 'all' : [...accounts].sort(),
      regions: regions.length === 0 ? 'all' : [...regions].sort(),
    };
  }
  const chains = groupDigestKeysByChain(
    keys.filter((key) => {
      const chain = chainOfKey(key);
      return (
        chain !== undefined &&
        (accounts.length === 0 || accounts.includes(chain.accountId)) &&
        (regions.length === 0 || regions.includes(chain.region))
      );
    }),
  );
  checkAskedChains([...chains.keys()], accounts, regions, state);
  await checkUnsealedChains(new Set(chains.keys()), prefix, accounts, regions, options, state);
  if (chains.size === 0) {
    // With accounts or regions asked for, checkAskedChains has named each one missing.
    if (accounts.length === 0 && regions.length === 0) {
      state.add('missing', prefix, 'no digests found for the period');
    }
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
  await checkRegister(reader, tally, options, state);
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

/**
 * Checks the risk-acceptance register: every change object under `acceptances/` is locked and the chain is
 * whole (see shared/acceptances/verify-register.ts), and every finding read that claims an acceptance names
 * one the chain holds, covering it and in force when it was evaluated. One List of the prefix and one Get per
 * change: the register is small.
 */
async function checkRegister(
  reader: EvidenceObjectReader,
  tally: BucketTally,
  options: VerifyBucketOptions,
  state: VerificationState,
): Promise<void> {
  const objects: { key: string; bytes: Uint8Array }[] = [];
  for await (const listed of reader.list(ACCEPTANCES_PREFIX)) {
    const stored = await reader.get(listed.key);
    if (stored === undefined) continue;
    checkLock(stored, stored.lastModified?.getTime(), options, state);
    objects.push({ key: listed.key, bytes: stored.bytes });
  }
  const register = checkRegisterChain(objects);
  for (const problem of register.problems) state.add(problem.kind, problem.where, problem.detail);
  for (const claim of tally.claims) {
    const problem = checkFindingAcceptance(claim.finding, register, claim.where);
    if (problem !== undefined) state.add(problem.kind, problem.where, problem.detail);
  }
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
    state.noteRecord(key, 'remediation');
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
    const seen = record.kind === 'finding' ? tally.findings : tally.attestations;
    if (!seen.has(record.hash)) {
      seen.add(record.hash);
      state.noteRecord(key, record.kind);
    }
    if (record.kind === 'finding') tally.chains.addFinding(record, whereOf(key, line.line));
    else tally.chains.addAttestation(record, whereOf(key, line.line));
    if (record.kind === 'finding' && (record.acceptance !== undefined || record.exemption !== undefined)) {
      tally.claims.push({ finding: record, where: key });
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
