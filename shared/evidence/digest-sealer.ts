import {
  DIGEST_SCHEMA_VERSION,
  DIGEST_SIGNING_ALGORITHM,
  type Digest,
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
import type { DigestSigner } from './digest-signer';
import { EvidenceIntegrityError } from './errors';
import type { EvidenceObjectReader, EvidenceObjectWriter } from './evidence-objects';
import type { DigestChainHead, DigestHeadStore, EvidenceLedger } from './ledger';

const DAY_MS = 86_400_000;

/** The ports the sealer uses. */
export interface SealerDeps {
  readonly ledger: EvidenceLedger;
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
  /** How long after an hour ends it is sealed, so late ledger writes of that hour land first (default 10). */
  readonly graceMinutes?: number;
  /** Most hours sealed in one run when catching up (default 48); the rest are sealed by the next runs. */
  readonly maxPeriods?: number;
}

/** One hour the sealer handled. */
export interface SealedPeriod {
  readonly key: string;
  readonly periodStart: string;
  /** `created` when this run wrote it, `exists` when an earlier (or concurrent) run had. */
  readonly status: 'created' | 'exists';
  readonly findingCount: number;
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
 * Seals one hour: reads the ledger, builds and signs the digest chained to `previous`, and writes it
 * locked; returns the stored digest when the hour was already sealed.
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
  const entries = normalizeEntries(await deps.ledger.listPeriod(periodStart));
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
    findingCount: entries.length,
    findings: entries,
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
    findingCount: entries.length,
    sha256: sha256OfBytes(body),
  };
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
    findingCount: digest.findingCount,
    sha256: sha256OfBytes(stored.bytes),
  };
}
