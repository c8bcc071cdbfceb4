import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { BULK_TRANSFER_RETRY_SETTINGS, sdkRetryConfig } from '#shared/aws/client-settings';
import { publicKeyPem } from '#shared/evidence/digest';
import { fetchKmsPublicKey } from '#shared/evidence/digest-signer';

/** Settings of the SDK clients an export uses. */
export interface ExportClientSettings {
  readonly region?: string;
  /** A custom endpoint (e.g. a local emulator); turns on path-style addressing for S3. */
  readonly endpointUrl?: string;
}

function common(settings: ExportClientSettings) {
  return {
    ...sdkRetryConfig(),
    ...(settings.region === undefined ? {} : { region: settings.region }),
    ...(settings.endpointUrl === undefined ? {} : { endpoint: settings.endpointUrl }),
  };
}

/** An S3 client for exports: the default credential chain, path-style addressing with a custom endpoint. */
export function createExportS3Client(settings: ExportClientSettings = {}): S3Client {
  return new S3Client({
    ...common(settings),
    // Each bundle file goes up in one PutObject: minutes for one upload, but still 30 s of silence at most.
    ...sdkRetryConfig(BULK_TRANSFER_RETRY_SETTINGS),
    ...(settings.endpointUrl === undefined ? {} : { forcePathStyle: true }),
    followRegionRedirects: true,
  });
}

/** A KMS client for reading the digest signing key's public half. */
export function createExportKmsClient(settings: ExportClientSettings = {}): KMSClient {
  return new KMSClient(common(settings));
}

/** Resolves a digest signing key id to its PEM public key through KMS GetPublicKey. */
export function kmsPublicKeyResolver(client: KMSClient): (keyId: string) => Promise<string> {
  return async (keyId) => publicKeyPem((await fetchKmsPublicKey(client, keyId)).publicKey);
}
