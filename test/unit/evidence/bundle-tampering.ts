import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DIGEST_SIGNING_ALGORITHM,
  type Digest,
  parseDigest,
  publicKeyFingerprint,
  publicKeyPem,
  serializeDigest,
  sha256OfBytes,
} from '#shared/evidence/digest';
import { signDigest } from '#shared/evidence/digest-sealer';
import type { DigestSigner } from '#shared/evidence/digest-signer';
import {
  type Attestation,
  type EvidenceRecord,
  type Finding,
  parseBatch,
  recordLine,
  sealAttestation,
  sealFinding,
  serializeBatch,
} from '#shared/evidence/finding';
import { type BundleManifest, BundleManifestSchema } from '#shared/export/manifest';
import { signManifest } from '#shared/export/manifest-signer';

// What an attacker holding a bundle can do to it: edit files, rewrite the manifest, re-sign with their key.

/** The bundle's manifest.json, parsed. */
export async function readManifest(dir: string): Promise<BundleManifest> {
  return BundleManifestSchema.parse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
}

/** Writes manifest.json as the export does (indented JSON). */
export async function writeManifest(dir: string, manifest: BundleManifest): Promise<void> {
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * The manifest with every file's size and SHA-256 (and every digest's and object's SHA-256) read from the
 * bundle again.
 */
export async function rehash(dir: string, manifest: BundleManifest): Promise<BundleManifest> {
  const hashes = new Map<string, { bytes: number; sha256: string }>();
  for (const file of manifest.files) {
    const bytes = await readFile(join(dir, ...file.path.split('/')));
    hashes.set(file.path, { bytes: bytes.length, sha256: sha256OfBytes(bytes) });
  }
  return {
    ...manifest,
    files: manifest.files.map((file) => ({ ...file, ...hashes.get(file.path) })),
    digests: manifest.digests.map((digest) => ({
      ...digest,
      sha256: hashes.get(digest.path)?.sha256 ?? digest.sha256,
    })),
    objects: manifest.objects.map((object) => ({
      ...object,
      sha256: hashes.get(object.path)?.sha256 ?? object.sha256,
    })),
  };
}

/** The signing block naming `signer`. */
async function signingOf(signer: DigestSigner): Promise<Digest['signing']> {
  return {
    keyId: await signer.keyId(),
    algorithm: DIGEST_SIGNING_ALGORITHM,
    publicKeyFingerprint: publicKeyFingerprint(await signer.publicKey()),
  };
}

/** The manifest signed anew by `signer`, naming it in `signing` and carrying its public key. */
export async function resign(manifest: BundleManifest, signer: DigestSigner): Promise<BundleManifest> {
  const { signature: _old, ...rest } = manifest;
  return signManifest(
    {
      ...rest,
      publicKeyPem: publicKeyPem(await signer.publicKey()),
      signing: await signingOf(signer),
    },
    signer,
  );
}

/**
 * Re-signs the digests at `paths` of `dir` (oldest first, each relinked to the re-signed one before it) with
 * `attacker`; `objectSha256` gives the new SHA-256 of a listed object version that was rewritten.
 */
export async function resignDigests(
  dir: string,
  paths: readonly string[],
  attacker: DigestSigner,
  objectSha256: (key: string) => string | undefined = () => undefined,
): Promise<void> {
  const signing = await signingOf(attacker);
  const rewritten = new Map<string, string>();
  for (const path of [...paths].sort()) {
    const { signature: _real, ...digest } = parseDigest(await readFile(join(dir, path), 'utf8'));
    const previous = digest.previousDigestKey === null ? undefined : rewritten.get(digest.previousDigestKey);
    const forged = await signDigest(
      {
        ...digest,
        objects: digest.objects.map((entry) =>
          'sha256' in entry ? { ...entry, sha256: objectSha256(entry.key) ?? entry.sha256 } : entry,
        ),
        previousDigestSha256: previous ?? digest.previousDigestSha256,
        signing,
      },
      attacker,
    );
    const bytes = serializeDigest(forged);
    await writeFile(join(dir, path), bytes);
    rewritten.set(digest.key, sha256OfBytes(bytes));
  }
}

/**
 * The full forgery: every bundled digest re-signed and relinked, and the manifest rehashed and re-signed,
 * all with the attacker's key, which the manifest then carries.
 */
export async function forgeBundle(dir: string, attacker: DigestSigner): Promise<void> {
  const manifest = await readManifest(dir);
  await resignDigests(
    dir,
    manifest.digests.map((digest) => digest.path),
    attacker,
  );
  await writeManifest(dir, await resign(await rehash(dir, manifest), attacker));
}

/** How an attacker rewrites records; returning the record unchanged keeps it (relinked and rehashed). */
export interface RecordRewrite {
  readonly finding?: (finding: Finding) => Finding;
  readonly attestation?: (attestation: Attestation) => Attestation;
}

/**
 * Rewrites the batch objects at `paths` (in write order: key order) record by record, as an attacker who
 * wants the result to hash and chain cleanly would: each record is changed by `rewrite`, each `previousHash`
 * and attested `headHash` that named a rewritten finding names its new hash, and every record is sealed
 * again. Returns the new SHA-256 of each rewritten object and the new line of each record, by old hash.
 */
export async function rewriteBatches(
  dir: string,
  paths: readonly string[],
  rewrite: RecordRewrite,
): Promise<{ objects: Map<string, string>; lines: Map<string, string> }> {
  const newHash = new Map<string, string>();
  const lines = new Map<string, string>();
  const objects = new Map<string, string>();
  for (const path of [...paths].sort()) {
    const records: EvidenceRecord[] = [];
    for (const line of parseBatch(await readFile(join(dir, path))).lines) {
      if (!('record' in line)) throw new Error(`${path}:${line.line} is not a record: ${line.problem}`);
      const old = line.record;
      let sealed: EvidenceRecord;
      if (old.kind === 'finding') {
        const relinked: Finding = {
          ...old,
          previousHash:
            old.previousHash === null ? null : (newHash.get(old.previousHash) ?? old.previousHash),
        };
        const { hash: _hash, ...changed } = rewrite.finding?.(relinked) ?? relinked;
        sealed = sealFinding(changed);
      } else {
        const relinked: Attestation = {
          ...old,
          rules: old.rules.map((rule) => ({
            ...rule,
            headHash: newHash.get(rule.headHash) ?? rule.headHash,
          })),
        };
        const { hash: _hash, ...changed } = rewrite.attestation?.(relinked) ?? relinked;
        sealed = sealAttestation(changed);
      }
      newHash.set(old.hash, sealed.hash);
      lines.set(old.hash, recordLine(sealed));
      records.push(sealed);
    }
    const body = serializeBatch(records.map((record) => recordLine(record)));
    await writeFile(join(dir, path), body);
    objects.set(path, sha256OfBytes(body));
  }
  return { objects, lines };
}
