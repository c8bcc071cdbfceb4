import {
  GetObjectCommand,
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandOutput,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { EvidenceError } from './errors';
import type {
  EvidenceObjectReader,
  EvidenceObjectWriter,
  EvidencePrefixLister,
  ListedObject,
  ListedVersion,
  PutOnceResult,
  StoredObject,
} from './evidence-objects';

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

function isNotFound(error: unknown): boolean {
  // NoSuchKey / NoSuchVersion; a delete marker as the current version also answers 404.
  return (
    statusOf(error) === 404 ||
    (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NoSuchVersion'))
  );
}

/**
 * Evidence objects in an S3 bucket. Lock settings come from GetObject's headers, not GetObjectRetention
 * (moto's retention XML cannot be parsed by the SDK, and the headers cost no extra call).
 */
export class S3EvidenceObjects implements EvidenceObjectReader, EvidenceObjectWriter, EvidencePrefixLister {
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(options: { readonly client: S3Client; readonly bucket: string }) {
    this.#client = options.client;
    this.#bucket = options.bucket;
  }

  /** The bucket read and written. */
  get bucket(): string {
    return this.#bucket;
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    try {
      const pages = paginateListObjectsV2({ client: this.#client }, { Bucket: this.#bucket, Prefix: prefix });
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          if (object.Key === undefined) continue;
          yield {
            key: object.Key,
            ...(object.LastModified === undefined ? {} : { lastModified: object.LastModified }),
          };
        }
      }
    } catch (error) {
      throw new EvidenceError(`cannot list s3://${this.#bucket}/${prefix}`, {
        cause: error,
        context: { prefix },
      });
    }
  }

  async *listVersions(prefix: string): AsyncIterable<ListedVersion> {
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    try {
      do {
        const page: ListObjectVersionsCommandOutput = await this.#client.send(
          new ListObjectVersionsCommand({
            Bucket: this.#bucket,
            Prefix: prefix,
            ...(keyMarker === undefined ? {} : { KeyMarker: keyMarker }),
            ...(versionIdMarker === undefined ? {} : { VersionIdMarker: versionIdMarker }),
          }),
        );
        // A page lists versions and delete markers apart; merged, they sort by key, newest first.
        const listed: ListedVersion[] = [];
        for (const [entries, deleteMarker] of [
          [page.Versions ?? [], false],
          [page.DeleteMarkers ?? [], true],
        ] as const) {
          for (const entry of entries) {
            if (entry.Key === undefined) continue;
            listed.push({
              key: entry.Key,
              versionId: entry.VersionId ?? 'null',
              deleteMarker,
              ...(entry.LastModified === undefined ? {} : { lastModified: entry.LastModified }),
            });
          }
        }
        listed.sort(
          (a, b) =>
            (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
            (b.lastModified?.getTime() ?? 0) - (a.lastModified?.getTime() ?? 0),
        );
        yield* listed;
        keyMarker = page.IsTruncated === true ? page.NextKeyMarker : undefined;
        versionIdMarker = page.IsTruncated === true ? page.NextVersionIdMarker : undefined;
      } while (keyMarker !== undefined);
    } catch (error) {
      throw new EvidenceError(`cannot list the versions under s3://${this.#bucket}/${prefix}`, {
        cause: error,
        context: { prefix },
      });
    }
  }

  /**
   * `ListObjectVersions` with `Delimiter: '/'` (one call per 1,000 prefixes): versions and delete markers both
   * make a prefix, and the call needs only the `s3:ListBucketVersions` the sealer holds on the evidence prefixes.
   */
  async *listPrefixes(prefix: string): AsyncIterable<string> {
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    try {
      do {
        const page: ListObjectVersionsCommandOutput = await this.#client.send(
          new ListObjectVersionsCommand({
            Bucket: this.#bucket,
            Prefix: prefix,
            Delimiter: '/',
            ...(keyMarker === undefined ? {} : { KeyMarker: keyMarker }),
            ...(versionIdMarker === undefined ? {} : { VersionIdMarker: versionIdMarker }),
          }),
        );
        for (const entry of page.CommonPrefixes ?? []) if (entry.Prefix) yield entry.Prefix;
        keyMarker = page.IsTruncated === true ? page.NextKeyMarker : undefined;
        versionIdMarker = page.IsTruncated === true ? page.NextVersionIdMarker : undefined;
      } while (keyMarker !== undefined);
    } catch (error) {
      throw new EvidenceError(`cannot list the prefixes under s3://${this.#bucket}/${prefix}`, {
        cause: error,
        context: { prefix },
      });
    }
  }

  async get(key: string, versionId?: string): Promise<StoredObject | undefined> {
    try {
      const response = await this.#client.send(
        new GetObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          ...(versionId === undefined ? {} : { VersionId: versionId }),
        }),
      );
      const bytes = (await response.Body?.transformToByteArray()) ?? new Uint8Array();
      return {
        key,
        bytes,
        ...(response.VersionId === undefined ? {} : { versionId: response.VersionId }),
        ...(response.LastModified === undefined ? {} : { lastModified: response.LastModified }),
        ...(response.ObjectLockMode === undefined ? {} : { lockMode: response.ObjectLockMode }),
        ...(response.ObjectLockRetainUntilDate === undefined
          ? {}
          : { retainUntil: new Date(response.ObjectLockRetainUntilDate) }),
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      const version = versionId === undefined ? '' : ` (version ${versionId})`;
      throw new EvidenceError(`cannot read s3://${this.#bucket}/${key}${version}`, {
        cause: error,
        context: { key, ...(versionId === undefined ? {} : { versionId }) },
      });
    }
  }

  async putLocked(key: string, body: string, retainUntil: Date): Promise<PutOnceResult> {
    try {
      await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json',
          IfNoneMatch: '*',
          ChecksumAlgorithm: 'SHA256',
          ObjectLockMode: 'COMPLIANCE',
          ObjectLockRetainUntilDate: retainUntil,
        }),
      );
      return 'created';
    } catch (error) {
      if (
        statusOf(error) === 412 ||
        (error instanceof S3ServiceException && error.name === 'PreconditionFailed')
      ) {
        return 'exists';
      }
      throw new EvidenceError(`cannot write s3://${this.#bucket}/${key}`, { cause: error, context: { key } });
    }
  }
}
