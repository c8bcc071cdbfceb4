import { constants, createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json';
import { EvidenceIntegrityError } from './errors';
import { sha256Hex } from './finding';

/** Version of the digest JSON schema; bump on any change a verifier must know about. */
export const DIGEST_SCHEMA_VERSION = 2;

/** Prefix of every digest key in the evidence bucket. */
export const DIGESTS_PREFIX = 'digests/';

/** The one signing algorithm digests use (KMS `Sign`, RSA key spec, e.g. RSA_2048 SIGN_VERIFY). */
export const DIGEST_SIGNING_ALGORITHM = 'RSASSA_PSS_SHA_256';

/** First line of the string a digest signature covers; names the format so it cannot be replayed elsewhere. */
export const DIGEST_SIGNING_PREFIX = 'VIGIL-DIGEST-1';

/** Length of one sealed period (one UTC hour). */
export const PERIOD_MS = 3_600_000;

const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** One object version a digest lists: its key, S3 version id, and the SHA-256 of that version's bytes. */
export const DigestObjectEntrySchema = z
  .object({ key: z.string().min(1), versionId: z.string().min(1), sha256: sha256HexSchema })
  .strict();

/** One delete marker a digest lists (someone deleted the key; the locked versions under it remain). */
export const DigestDeleteMarkerEntrySchema = z
  .object({ key: z.string().min(1), versionId: z.string().min(1), deleteMarker: z.literal(true) })
  .strict();

/** One version a digest lists: an object version with its SHA-256, or a delete marker. */
export const DigestEntrySchema = z.union([DigestObjectEntrySchema, DigestDeleteMarkerEntrySchema]);

/** One version a digest lists. */
export type DigestEntry = z.infer<typeof DigestEntrySchema>;

/** Whether an entry is a delete marker. */
export function isDeleteMarkerEntry(
  entry: DigestEntry,
): entry is z.infer<typeof DigestDeleteMarkerEntrySchema> {
  return 'deleteMarker' in entry;
}

/** Who signed a digest and how: the KMS key, the algorithm, and the SHA-256 of the public key (SPKI DER). */
export const DigestSigningSchema = z.object({
  keyId: z.string().min(1),
  algorithm: z.literal(DIGEST_SIGNING_ALGORITHM),
  publicKeyFingerprint: sha256HexSchema,
});

/**
 * A digest: every version of every evidence object (batches under `findings/`, remediation records under
 * `remediations/`) stored under the account's and region's prefixes of one UTC write hour, as listed in the
 * bucket when the hour was sealed, delete markers included; chained to the previous hour's digest by key and
 * by the SHA-256 of its stored bytes, and signed (see docs/evidence-bundle.md).
 */
export const DigestSchema = z.object({
  schemaVersion: z.literal(DIGEST_SCHEMA_VERSION),
  /** The digest's own object key, so a digest moved to another key (or hour) is detected. */
  key: z.string().startsWith(DIGESTS_PREFIX),
  accountId: z.string().min(1),
  region: z.string().min(1),
  periodStart: z.iso.datetime(),
  periodEnd: z.iso.datetime(),
  sealedAt: z.iso.datetime(),
  previousDigestKey: z.string().nullable(),
  previousDigestSha256: sha256HexSchema.nullable(),
  /** Number of entries in `objects` (object versions and delete markers). */
  objectCount: z.number().int().min(0),
  /** Every version under the hour's prefixes, by key then version id. */
  objects: z.array(DigestEntrySchema),
  signing: DigestSigningSchema,
  /** Base64 RSASSA-PSS (SHA-256) signature over {@link digestSigningString}. */
  signature: z.string().min(1),
});

/** A sealed, signed digest. */
export type Digest = z.infer<typeof DigestSchema>;

/** A digest before it is signed. */
export type UnsignedDigest = Omit<Digest, 'signature'>;

/** The start of the UTC hour that holds `time`. */
export function periodStartOf(time: Date): Date {
  return new Date(Math.floor(time.getTime() / PERIOD_MS) * PERIOD_MS);
}

/** Folder of one account's and region's digest chain: `digests/<account>/<region>/`. */
export function digestChainPrefix(accountId: string, region: string): string {
  return `${DIGESTS_PREFIX}${encodeURIComponent(accountId)}/${encodeURIComponent(region)}/`;
}

/** Deterministic key of the digest of the hour holding `periodStart`: `digests/<acct>/<region>/<yyyy>/<mm>/<dd>/<hh>.json`. */
export function digestKey(accountId: string, region: string, periodStart: Date): string {
  const iso = periodStartOf(periodStart).toISOString();
  const [yyyy, mm, dd, hh] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10), iso.slice(11, 13)];
  return `${digestChainPrefix(accountId, region)}${yyyy}/${mm}/${dd}/${hh}.json`;
}

/** Reads the chain prefix and hour back from a digest key, or `undefined` when the key is not one. */
export function parseDigestKey(key: string): { chainPrefix: string; periodStart: Date } | undefined {
  const match = /^(digests\/[^/]+\/[^/]+\/)(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\.json$/.exec(key);
  if (match === null) return undefined;
  const [, chainPrefix, yyyy, mm, dd, hh] = match;
  if (chainPrefix === undefined) return undefined;
  const periodStart = new Date(`${yyyy}-${mm}-${dd}T${hh}:00:00.000Z`);
  return Number.isNaN(periodStart.getTime()) ? undefined : { chainPrefix, periodStart };
}

/** The key of the digest of the hour before the one `key` seals (what its `previousDigestKey` must be). */
export function precedingDigestKey(key: string): string | undefined {
  const parsed = parseDigestKey(key);
  if (parsed === undefined) return undefined;
  const iso = new Date(parsed.periodStart.getTime() - PERIOD_MS).toISOString();
  return `${parsed.chainPrefix}${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}.json`;
}

/** Orders entries by key then version id and drops exact repeats (the same version listed twice). */
export function normalizeEntries(entries: Iterable<DigestEntry>): DigestEntry[] {
  const byVersion = new Map<string, DigestEntry>();
  for (const entry of entries) {
    const id = `${entry.key}\n${entry.versionId}`;
    if (!byVersion.has(id)) {
      byVersion.set(
        id,
        isDeleteMarkerEntry(entry)
          ? { key: entry.key, versionId: entry.versionId, deleteMarker: true }
          : { key: entry.key, versionId: entry.versionId, sha256: entry.sha256 },
      );
    }
  }
  return [...byVersion.values()].sort((a, b) =>
    a.key < b.key
      ? -1
      : a.key > b.key
        ? 1
        : a.versionId < b.versionId
          ? -1
          : a.versionId > b.versionId
            ? 1
            : 0,
  );
}

/**
 * The short text a digest signature covers (CloudTrail-style): the format, the digest key, and the SHA-256 of
 * the canonical JSON of the unsigned digest. It is signed RAW (KMS hashes it with SHA-256) rather than as a
 * precomputed DIGEST message: it always fits KMS's 4 KiB RAW limit, and moto ignores `MessageType: DIGEST`.
 */
export function digestSigningString(digest: UnsignedDigest | Digest): string {
  const { signature: _ignored, ...unsigned } = digest as Digest;
  return `${DIGEST_SIGNING_PREFIX}\n${unsigned.key}\n${sha256Hex(canonicalJson(unsigned))}`;
}

/** The exact bytes stored for a digest: canonical JSON plus a final newline. */
export function serializeDigest(digest: Digest): string {
  return `${canonicalJson(digest)}\n`;
}

/** Hex SHA-256 of bytes (what digests and bundles record for every object). */
export function sha256OfBytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Parses stored digest bytes (schema only; the signature is checked by {@link verifyDigestSignature}).
 * @throws EvidenceIntegrityError when the bytes are not a digest.
 */
export function parseDigest(text: string): Digest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new EvidenceIntegrityError('stored digest is not JSON', { cause: error });
  }
  const parsed = DigestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new EvidenceIntegrityError('stored document is not a digest', { cause: parsed.error });
  }
  return parsed.data;
}

/** SHA-256 (hex) of a public key's SPKI DER encoding: how digests name the key that signed them. */
export function publicKeyFingerprint(key: KeyObject): string {
  return sha256OfBytes(key.export({ type: 'spki', format: 'der' }));
}

/** A public key from PEM text or SPKI DER bytes (what KMS GetPublicKey returns). */
export function readPublicKey(material: string | Uint8Array): KeyObject {
  return typeof material === 'string'
    ? createPublicKey(material)
    : createPublicKey({ key: Buffer.from(material), format: 'der', type: 'spki' });
}

/** PEM (SPKI) text of a public key, as bundles carry it. */
export function publicKeyPem(key: KeyObject): string {
  return String(key.export({ type: 'spki', format: 'pem' }));
}

/**
 * Checks a digest's signature offline with the signer's public key (RSASSA-PSS, SHA-256, MGF1-SHA-256).
 * The salt length is recovered from the signature: KMS uses 32 bytes, moto the maximum; PSS security does not
 * rest on a fixed salt length.
 */
export function verifyDigestSignature(digest: Digest, key: KeyObject): boolean {
  return verifySigningString(digestSigningString(digest), digest.signature, key);
}

/**
 * Checks a base64 RSASSA-PSS (SHA-256, MGF1-SHA-256) signature over a RAW UTF-8 signing string, as KMS `Sign`
 * makes it with {@link DIGEST_SIGNING_ALGORITHM}; the salt length is recovered from the signature.
 */
export function verifySigningString(message: string, signatureBase64: string, key: KeyObject): boolean {
  try {
    return verify(
      'sha256',
      Buffer.from(message, 'utf8'),
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
      Buffer.from(signatureBase64, 'base64'),
    );
  } catch {
    return false;
  }
}
