import type { KeyObject } from 'node:crypto';
import { describeError } from '#shared/errors';
import {
  DIGEST_SIGNING_ALGORITHM,
  publicKeyPem as pemOf,
  publicKeyFingerprint,
  readPublicKey,
} from '#shared/evidence/digest';
import type { DigestSigner } from '#shared/evidence/digest-signer';
import { ExportError } from './errors';
import { type BundleManifest, type BundleSigning, manifestSigningString } from './manifest';

/** Which key signs manifest.json (the digest signing key: the same RSA key and algorithm). */
export type ExportSigner =
  /** This signer (the export Lambda's DIGEST_SIGNING_KEY_ID, `vigil export --signing-key`). */
  | { readonly kind: 'key'; readonly signer: DigestSigner }
  /** A signer for the key the newest bundled digest names (`vigil export` by default). */
  | { readonly kind: 'digest-key'; readonly signerFor: (keyId: string) => DigestSigner }
  /** No signature (`vigil export --unsigned`), for local inspection: `vigil verify` never passes it. */
  | { readonly kind: 'unsigned' };

/** A manifest signer with the key it names, read once. */
export interface ResolvedSigner {
  readonly signer: DigestSigner;
  readonly info: BundleSigning;
  readonly publicKeyPem: string;
}

/**
 * Reads the signer's key id and public key.
 * @throws ExportError when the key cannot be read, or is not the key `givenPem` holds.
 */
export async function resolveSigner(
  signer: DigestSigner,
  givenPem: string | undefined,
): Promise<ResolvedSigner> {
  let keyId: string;
  let publicKey: KeyObject;
  try {
    [keyId, publicKey] = await Promise.all([signer.keyId(), signer.publicKey()]);
  } catch (error) {
    throw new ExportError(`cannot read the manifest signing key: ${describeError(error)}`, { cause: error });
  }
  const fingerprint = publicKeyFingerprint(publicKey);
  if (givenPem !== undefined) {
    const given = publicKeyFingerprint(readPublicKey(givenPem));
    if (given !== fingerprint) {
      throw new ExportError(
        `the public key given (sha256:${given}) is not the signing key ${keyId} (sha256:${fingerprint})`,
      );
    }
  }
  return {
    signer,
    info: { keyId, algorithm: DIGEST_SIGNING_ALGORITHM, publicKeyFingerprint: fingerprint },
    publicKeyPem: pemOf(publicKey),
  };
}

/**
 * The signer of the key the newest bundled digest names (digests are read oldest first), for the
 * `digest-key` choice; none for the others.
 * @throws ExportError when no bundled digest names a key, or that key cannot be read.
 */
export async function resolveDigestKeySigner(
  choice: ExportSigner,
  digestKeyIds: readonly string[],
  givenPem: string | undefined,
): Promise<ResolvedSigner | undefined> {
  if (choice.kind !== 'digest-key') return undefined;
  const keyId = digestKeyIds[digestKeyIds.length - 1];
  if (keyId === undefined) {
    throw new ExportError(
      'no bundled digest names a key to sign the manifest with: name the signing key, or export unsigned',
    );
  }
  return resolveSigner(choice.signerFor(keyId), givenPem);
}

/** A warning when bundled digests are signed by other keys than the manifest: one pinned key fails them. */
export function otherKeysWarning(
  signing: ResolvedSigner | undefined,
  digestFingerprints: Iterable<string>,
): string | undefined {
  if (signing === undefined) return undefined;
  const own = signing.info.publicKeyFingerprint;
  const others = [...digestFingerprints].filter((fingerprint) => fingerprint !== own);
  if (others.length === 0) return undefined;
  return `bundled digests are signed by key sha256:${others.join(', sha256:')}, not the manifest's signing key sha256:${own}: vigil verify reports them with that key pinned`;
}

/**
 * Signs a manifest that already names its signer in `signing`.
 * @throws ExportError when the signer fails (the bundle must not go out unsigned by accident).
 */
export async function signManifest(manifest: BundleManifest, signer: DigestSigner): Promise<BundleManifest> {
  const { signature: _old, ...unsigned } = manifest;
  const message = Buffer.from(manifestSigningString(unsigned), 'utf8');
  try {
    const signature = Buffer.from(await signer.sign(message)).toString('base64');
    return { ...unsigned, signature };
  } catch (error) {
    throw new ExportError(
      `cannot sign the manifest with ${manifest.signing?.keyId ?? 'the signing key'}: ${describeError(error)}`,
      { cause: error },
    );
  }
}
