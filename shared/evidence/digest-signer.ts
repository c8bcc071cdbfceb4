import type { KeyObject } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { DIGEST_SIGNING_ALGORITHM, readPublicKey } from './digest';
import { EvidenceError } from './errors';

/** Signs digest signing strings with an asymmetric key whose public half anyone may hold. */
export interface DigestSigner {
  /** The signing key as digests name it (the KMS key ARN or id). */
  keyId(): Promise<string>;
  /** The public key verifiers use. */
  publicKey(): Promise<KeyObject>;
  /** RSASSA-PSS SHA-256 signature of `message` (hashed by the signer). */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** The region a KMS key ARN names (KMS only answers for a key in its own region), or undefined for an id/alias. */
export function kmsKeyRegion(keyId: string): string | undefined {
  return /^arn:[^:]+:kms:([^:]+):/.exec(keyId)?.[1];
}

/** Reads the public key of a KMS asymmetric key (GetPublicKey), with the key's ARN or id as KMS names it. */
export async function fetchKmsPublicKey(
  client: KMSClient,
  keyId: string,
): Promise<{ keyId: string; publicKey: KeyObject }> {
  try {
    const response = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
    if (response.PublicKey === undefined) throw new EvidenceError(`KMS returned no public key for ${keyId}`);
    return { keyId: response.KeyId ?? keyId, publicKey: readPublicKey(response.PublicKey) };
  } catch (error) {
    if (error instanceof EvidenceError) throw error;
    throw new EvidenceError(`cannot read the public key of ${keyId}`, { cause: error, context: { keyId } });
  }
}

/** Digest signer on a KMS RSA SIGN_VERIFY key (needs kms:Sign and kms:GetPublicKey on it). */
export class KmsDigestSigner implements DigestSigner {
  readonly #client: KMSClient;
  readonly #keyId: string;
  #resolved: Promise<{ keyId: string; publicKey: KeyObject }> | undefined;

  constructor(options: { readonly client: KMSClient; readonly keyId: string }) {
    this.#client = options.client;
    this.#keyId = options.keyId;
  }

  #resolve(): Promise<{ keyId: string; publicKey: KeyObject }> {
    this.#resolved ??= fetchKmsPublicKey(this.#client, this.#keyId).catch((error: unknown) => {
      this.#resolved = undefined;
      throw error;
    });
    return this.#resolved;
  }

  async keyId(): Promise<string> {
    return (await this.#resolve()).keyId;
  }

  async publicKey(): Promise<KeyObject> {
    return (await this.#resolve()).publicKey;
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    try {
      const response = await this.#client.send(
        new SignCommand({
          KeyId: this.#keyId,
          Message: message,
          MessageType: 'RAW',
          SigningAlgorithm: DIGEST_SIGNING_ALGORITHM,
        }),
      );
      if (response.Signature === undefined)
        throw new EvidenceError(`KMS returned no signature (${this.#keyId})`);
      return response.Signature;
    } catch (error) {
      if (error instanceof EvidenceError) throw error;
      throw new EvidenceError(`cannot sign a digest with ${this.#keyId}`, {
        cause: error,
        context: { keyId: this.#keyId },
      });
    }
  }
}
