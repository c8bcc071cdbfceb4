import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { type ExportOptions, type ExportProgress, type ExportResult, exportBundle } from './bundle';
import { ExportError } from './errors';
import { BUNDLE_FILES } from './manifest';

/** Where a bundle goes: a local directory, or a prefix in a bucket. */
export type ExportDestination =
  | { readonly kind: 'directory'; readonly path: string }
  | { readonly kind: 's3'; readonly client: S3Client; readonly bucket: string; readonly prefix: string };

/** `s3://bucket/some/prefix` → bucket and prefix (ending with `/`, or empty), or undefined for a path. */
export function parseS3Url(url: string): { bucket: string; prefix: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (match === null) return undefined;
  const [, bucket = '', rest = ''] = match;
  if (bucket === '') return undefined;
  return { bucket, prefix: rest === '' || rest.endsWith('/') ? rest : `${rest}/` };
}

/** Where the bundle ended up: a directory path or an `s3://` URL of its prefix. */
export interface PlacedExport extends ExportResult {
  readonly location: string;
}

function base64OfHex(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

async function putFile(
  destination: Extract<ExportDestination, { kind: 's3' }>,
  dir: string,
  path: string,
  sha256Hex: string,
): Promise<void> {
  const file = join(dir, ...path.split('/'));
  const { size } = await stat(file);
  const key = `${destination.prefix}${path}`;
  try {
    await destination.client.send(
      new PutObjectCommand({
        Bucket: destination.bucket,
        Key: key,
        Body: createReadStream(file),
        ContentLength: size,
        // The SHA-256 is already known from the manifest; S3 checks it (and Object Lock buckets require one).
        ChecksumAlgorithm: 'SHA256',
        ChecksumSHA256: base64OfHex(sha256Hex),
        ContentType: contentTypeOf(path),
        // Written once, like all evidence: Vigil's evidence bucket refuses puts without this header.
        IfNoneMatch: '*',
      }),
    );
  } catch (error) {
    const exists = error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412;
    throw new ExportError(
      `cannot upload s3://${destination.bucket}/${key}${exists ? ': it already exists' : ''}`,
      {
        cause: error,
        context: { key },
      },
    );
  }
}

function contentTypeOf(path: string): string {
  if (path.endsWith('.html')) return 'text/html; charset=utf-8';
  if (path.endsWith('.csv')) return 'text/csv; charset=utf-8';
  if (path.endsWith('.jsonl')) return 'application/x-ndjson';
  return 'application/json';
}

/**
 * Exports a bundle to its destination. An S3 destination is built in a temporary directory first and then
 * uploaded file by file (streamed, each with its SHA-256 checksum), the manifest last so that a reader who
 * finds the manifest finds every file it lists.
 */
export async function exportTo(
  destination: ExportDestination,
  options: Omit<ExportOptions, 'outDir'>,
): Promise<PlacedExport> {
  if (destination.kind === 'directory') {
    return { ...(await exportBundle({ ...options, outDir: destination.path })), location: destination.path };
  }
  const work = await mkdtemp(join(tmpdir(), 'vigil-export-'));
  try {
    const outDir = join(work, 'bundle');
    const progress = options.onProgress;
    let last: ExportProgress | undefined;
    const result = await exportBundle({
      ...options,
      outDir,
      // 'done' waits for the upload.
      onProgress: (step) => {
        last = step;
        if (step.phase !== 'done') progress?.(step);
      },
    });
    for (const file of result.manifest.files) {
      if (last !== undefined) progress?.({ ...last, phase: 'upload' });
      await putFile(destination, outDir, file.path, file.sha256);
    }
    const manifestBytes = await readFile(join(outDir, BUNDLE_FILES.manifest));
    await putFile(
      destination,
      outDir,
      BUNDLE_FILES.manifest,
      createHash('sha256').update(manifestBytes).digest('hex'),
    );
    if (last !== undefined) progress?.({ ...last, phase: 'done' });
    return { ...result, outDir: '', location: `s3://${destination.bucket}/${destination.prefix}` };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
