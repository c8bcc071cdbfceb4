import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DIGEST_SIGNING_ALGORITHM,
  parseDigest,
  publicKeyFingerprint,
  publicKeyPem,
  serializeDigest,
  sha256OfBytes,
} from '#shared/evidence/digest';
import { signDigest } from '#shared/evidence/digest-sealer';
import { type BundleManifest, BundleManifestSchema } from '#shared/export/manifest';
import { signManifest } from '#shared/export/manifest-signer';
import type { LocalSigner } from './fakes';

// What an attacker holding a bundle can do to it: edit files, rewrite the manifest, re-sign with their key.

/** The bundle's manifest.json, parsed. */
export async function readManifest(dir: string): Promise<BundleManifest> {
  return BundleManifestSchema.parse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
}

/** Writes manifest.json as the export does (indented JSON). */
export async function writeManifest(dir: string, manifest: BundleManifest): Promise<void> {
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The manifest with every file's size and SHA-256 (and every digest's SHA-256) read from the bundle again. */
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
  };
}

/** The manifest signed anew by `signer`, naming it in `signing` and carrying its public key. */
export async function resign(manifest: BundleManifest, signer: LocalSigner): Promise<BundleManifest> {
  const { signature: _old, ...rest } = manifest;
  return signManifest(
    {
      ...rest,
      publicKeyPem: publicKeyPem(signer.public),
      signing: {
        keyId: signer.id,
        algorithm: DIGEST_SIGNING_ALGORITHM,
        publicKeyFingerprint: publicKeyFingerprint(signer.public),
      },
    },
    signer,
  );
}

/**
 * The full forgery: every bundled digest re-signed (oldest first, relinked to the re-signed one before it) and
 * the manifest rehashed and re-signed, all with the attacker's key, which the manifest then carries.
 */
export async function forgeBundle(dir: string, attacker: LocalSigner): Promise<void> {
  const manifest = await readManifest(dir);
  const rewritten = new Map<string, string>();
  for (const { path } of [...manifest.digests].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const { signature: _real, ...digest } = parseDigest(await readFile(join(dir, path), 'utf8'));
    const previous = digest.previousDigestKey === null ? undefined : rewritten.get(digest.previousDigestKey);
    const forged = await signDigest(
      {
        ...digest,
        previousDigestSha256: previous ?? digest.previousDigestSha256,
        signing: {
          keyId: attacker.id,
          algorithm: DIGEST_SIGNING_ALGORITHM,
          publicKeyFingerprint: publicKeyFingerprint(attacker.public),
        },
      },
      attacker,
    );
    const bytes = serializeDigest(forged);
    await writeFile(join(dir, path), bytes);
    rewritten.set(path, sha256OfBytes(bytes));
  }
  await writeManifest(dir, await resign(await rehash(dir, manifest), attacker));
}
