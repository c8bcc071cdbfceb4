import { mapWithConcurrency } from '#shared/pipeline/concurrency';
import {
  DIGEST_SCHEMA_VERSION,
  DIGEST_SIGNING_ALGORITHM,
  type Digest,
  type DigestEntry,
  digestKey,
  digestSigningString,
  normalizeEntries,
  PERIOD_MS,
  parseDigest,
  periodStartOf,
  publicKeyFingerprint,
  serializeDigest,
  sha256OfBytes,
  type UnsignedDigest,
} from './digest';
import type { DigestChainHead, DigestHeadStore } from './digest-heads';
import type { DigestSigner } from './digest-signer';
import { EvidenceError, EvidenceIntegrityError } from './errors';
import type { EvidenceObjectReader, EvidenceObjectWriter, ListedVersion } from './evidence-objects';
import { FINDINGS_PREFIX, hourPath, REMEDIATIONS_PREFIX } from './finding';

const DAY_MS = 86_400_000;

/** The ports the sealer uses. */
export interface SealerDeps {
  readonly heads: DigestHeadStore;
  readonly objects: EvidenceObjectReader & EvidenceObjectWriter;
  readonly signer: DigestSigner;
  readonly clock: () => Date;
}

/** Which chain to extend and how. */
export interface SealerOptions {
  readonly accountId: string;
  readonly region: string;
  /** Days each digest stays locked (COMPLIANCE), counted from the end of its hour; the findings' retention. */
  readonly retentionDays: number;
  /**
   * How long after an hour ends it is sealed (default 10). Evidence keys are dated by the hour they are
   * written in, and an object is written within seconds of its key's hour: a batch key is named when an
   * invocation first stages evidence and written by the same invocation's flush, and a remediation record is
   * keyed by the hour it finishes and written right after. The grace period covers that, clock skew, and S3
   * listing lag. An object that still lands under an hour already sealed is not hidden: `vigil verify`
   * reports it as unlisted.
   */
  readonly graceMinutes?: number;
  /** Object versions read at once while sealing an hour (default 16). */
  readonly concurrency?: number;
  /** Most hours sealed in one run when catching up (default 48); the rest are sealed by the next runs. */
  readonly maxPeriods?: number;
}

/** One hour the sealer handled. */
export interface SealedPeriod {
  readonly key: string;
  readonly periodStart: string;
  /** `created` when this run wrote it, `exists` when an earlier (or concurrent) run had. */
  readonly status: 'created' | 'exists';
  /** Object versions and delete markers the digest lists. */
  readonly objectCount: number;
  readonly sha256: string;
}

/** What one sealing run did. */
export interface SealReport {
  readonly sealed: readonly SealedPeriod[];
  /** Hours still to seal after this run (when it hit `maxPeriods`). */
  readonly remaining: number;
  /** The chain head after the run, if any digest exists. */
  readonly head?: DigestChainHead;
}

/** The start of the newest hour that may be sealed at `now` (its end is at least the grace period ago). */
export function lastSealablePeriod(now: Date, graceMinutes: number): Date {
  return new Date(periodStartOf(new Date(now.getTime() - graceMinutes * 60_000)).getTime() - PERIOD_MS);
}

/**
 * Seals every complete hour since the chain head (only the newest complete hour when there is no chain
 * yet): one signed digest per hour, even an hour without findings, so a missing hour is a visible gap.
 * Re-running is safe: an hour whose digest exists is read back, never rewritten.
 */
export async function sealDigests(deps: SealerDeps, options: SealerOptions): Promise<SealReport> {
  const last = lastSealablePeriod(deps.clock(), options.graceMinutes ?? 10);
  let head = await deps.heads.getHead(options.accountId, options.region);
  const first = head === undefined ? last : new Date(Date.parse(head.periodStart) + PERIOD_MS);
  const pending = Math.max(0, Math.floor((last.getTime() - first.getTime()) / PERIOD_MS) + 1);
  const count = Math.min(pending, options.maxPeriods ?? 48);
  const sealed: SealedPeriod[] = [];
  for (let index = 0; index < count; index++) {
    const periodStart = new Date(first.getTime() + index * PERIOD_MS);
    const period = await sealPeriod(deps, options, periodStart, head);
    head = { periodStart: period.periodStart, key: period.key, sha256: period.sha256 };
    await deps.heads.advanceHead(options.accountId, options.region, head);
    sealed.push(period);
  }
  return { sealed, remaining: pending - count, ...(head === undefined ? {} : { head }) };
}

/**
 * Seals one hour: lists what is really in the bucket under the hour's evidence prefixes, versions and
 * delete markers included, hashes each version's bytes, builds and signs the digest chained to `previous`,
 * and writes it locked; returns the stored digest when the hour was already sealed.
 */
export async function sealPeriod(
  deps: SealerDeps,
  options: SealerOptions,
  periodStart: Date,
  previous: DigestChainHead | undefined,
): Promise<SealedPeriod> {
  const key = digestKey(options.accountId, options.region, periodStart);
  const existing = await readSealed(deps, key);
  if (existing !== undefined) return existing;
  const entries = normalizeEntries(await listHour(deps, options, periodStart));
  const periodEnd = new Date(periodStart.getTime() + PERIOD_MS);
  const publicKey = await deps.signer.publicKey();
  const unsigned: UnsignedDigest = {
    schemaVersion: DIGEST_SCHEMA_VERSION,
    key,
    accountId: options.accountId,
    region: options.region,
    periodStart: periodStart.toISOString(),
    periodEnd: periodEnd.toISOString(),
    sealedAt: deps.clock().toISOString(),
    previousDigestKey: previous?.key ?? null,
    previousDigestSha256: previous?.sha256 ?? null,
    objectCount: entries.length,
    objects: entries,
    signing: {
      keyId: await deps.signer.keyId(),
      algorithm: DIGEST_SIGNING_ALGORITHM,
      publicKeyFingerprint: publicKeyFingerprint(publicKey),
    },
  };
  const digest = await signDigest(unsigned, deps.signer);
  const body = serializeDigest(digest);
  const status = await deps.objects.putLocked(
    key,
    body,
    new Date(periodEnd.getTime() + options.retentionDays * DAY_MS),
  );
  if (status === 'exists') {
    const stored = await readSealed(deps, key);
    if (stored !== undefined) return stored;
  }
  return {
    key,
    periodStart: unsigned.periodStart,
    status: 'created',
    objectCount: entries.length,
    sha256: sha256OfBytes(body),
  };
}

/** The evidence prefixes of one account's and region's write hour: its batches and its remediation records. */
export function hourPrefixes(accountId: string, region: string, periodStart: Date): string[] {
  const hour = hourPath(accountId, region, periodStart);
  return [FINDINGS_PREFIX + hour, REMEDIATIONS_PREFIX + hour];
}

/**
 * Every version under the hour's evidence prefixes, each object version read by its id and hashed.
 * @throws EvidenceError when a listed version cannot be read: the hour stays unsealed (the run fails and the
 * next one retries) rather than being signed without that version's hash.
 */
async function listHour(deps: SealerDeps, options: SealerOptions, periodStart: Date): Promise<DigestEntry[]> {
  const versions: ListedVersion[] = [];
  for (const prefix of hourPrefixes(options.accountId, options.region, periodStart)) {
    for await (const version of deps.objects.listVersions(prefix)) versions.push(version);
  }
  return mapWithConcurrency(versions, options.concurrency ?? 16, async (version): Promise<DigestEntry> => {
    if (version.deleteMarker) return { key: version.key, versionId: version.versionId, deleteMarker: true };
    const stored = await deps.objects.get(version.key, version.versionId);
    if (stored === undefined) {
      throw new EvidenceError(
        `version ${version.versionId} of ${version.key} was listed but cannot be read`,
        {
          context: { key: version.key, versionId: version.versionId },
        },
      );
    }
    return { key: version.key, versionId: version.versionId, sha256: sha256OfBytes(stored.bytes) };
  });
}

/** Signs an unsigned digest. */
export async function signDigest(unsigned: UnsignedDigest, signer: DigestSigner): Promise<Digest> {
  const signature = await signer.sign(Buffer.from(digestSigningString(unsigned), 'utf8'));
  return { ...unsigned, signature: Buffer.from(signature).toString('base64') };
}

async function readSealed(deps: SealerDeps, key: string): Promise<SealedPeriod | undefined> {
  const stored = await deps.objects.get(key);
  if (stored === undefined) return undefined;
  const text = Buffer.from(stored.bytes).toString('utf8');
  let digest: Digest;
  try {
    digest = parseDigest(text);
  } catch (error) {
    throw new EvidenceIntegrityError(`stored digest ${key} is unreadable; the chain cannot be extended`, {
      cause: error,
      context: { key },
    });
  }
  return {
    key,
    periodStart: digest.periodStart,
    status: 'exists',
    objectCount: digest.objectCount,
    sha256: sha256OfBytes(stored.bytes),
  };
}
