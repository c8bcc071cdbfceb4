import { S3Client } from '@aws-sdk/client-s3';

/** Settings of the S3 client an export reads and writes with. */
export interface ExportClientSettings {
  readonly region?: string;
  /** A custom endpoint (e.g. a local emulator); turns on path-style addressing. */
  readonly endpointUrl?: string;
}

/** An S3 client for exports: the default credential chain, path-style addressing with a custom endpoint. */
export function createExportS3Client(settings: ExportClientSettings = {}): S3Client {
  return new S3Client({
    ...(settings.region === undefined ? {} : { region: settings.region }),
    ...(settings.endpointUrl === undefined ? {} : { endpoint: settings.endpointUrl, forcePathStyle: true }),
    followRegionRedirects: true,
  });
}
