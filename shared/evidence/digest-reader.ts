import { DIGESTS_PREFIX, type Digest, parseDigest, parseDigestKey, sha256OfBytes } from './digest';
import type { EvidenceObjectReader, StoredObject } from './evidence-objects';

/** A time range `[from, to)`; either end open when absent. Digests are picked by the hour they seal. */
export interface DigestPeriod {
  readonly from?: Date;
  readonly to?: Date;
}

/** A digest read from the store: exact bytes (to copy into a bundle), their SHA-256, and the parsed digest. */
export interface ReadDigest {
  readonly key: string;
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly digest: Digest;
  readonly stored: StoredObject;
}

/** Whether the hour `periodStart` overlaps `[from, to)`. */
export function periodOverlaps(periodStart: Date, period: DigestPeriod): boolean {
  const start = periodStart.getTime();
  const end = start + 3_600_000;
  if (period.from !== undefined && end <= period.from.getTime()) return false;
  if (period.to !== undefined && start >= period.to.getTime()) return false;
  return true;
}

/**
 * Keys of the digests under `prefix` (default every chain, `digests/`) whose hour overlaps the period, in
 * key order (per chain, oldest first). Objects under the prefix that are not digest keys are skipped.
 */
export async function listDigests(
  reader: EvidenceObjectReader,
  period: DigestPeriod = {},
  prefix: string = DIGESTS_PREFIX,
): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of reader.list(prefix)) {
    const parsed = parseDigestKey(object.key);
    if (parsed !== undefined && periodOverlaps(parsed.periodStart, period)) keys.push(object.key);
  }
  return keys.sort();
}

/**
 * Reads one digest, or `undefined` when there is no object under `key`.
 * @throws EvidenceIntegrityError when the object is not a digest.
 */
export async function readDigest(reader: EvidenceObjectReader, key: string): Promise<ReadDigest | undefined> {
  const stored = await reader.get(key);
  if (stored === undefined) return undefined;
  const digest = parseDigest(Buffer.from(stored.bytes).toString('utf8'));
  return { key, bytes: stored.bytes, sha256: sha256OfBytes(stored.bytes), digest, stored };
}

/** Reads the digests of a period one at a time, in key order (memory stays at one digest). */
export async function* readDigests(
  reader: EvidenceObjectReader,
  period: DigestPeriod = {},
  prefix: string = DIGESTS_PREFIX,
): AsyncIterable<ReadDigest> {
  for (const key of await listDigests(reader, period, prefix)) {
    const read = await readDigest(reader, key);
    if (read !== undefined) yield read;
  }
}
