import {
  GetObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { EvidenceError } from './errors';
import type {
  EvidenceObjectReader,
  EvidenceObjectWriter,
  ListedObject,
  PutOnceResult,
  StoredObject,
} from './evidence-objects';

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

/**
 * Evidence objects in an S3 bucket. Lock settings come from GetObject's headers, not GetObjectRetention
 * (moto's retention XML cannot be parsed by the SDK, and the headers cost no extra call).
 */
export class S3EvidenceObjects implements EvidenceObjectReader, EvidenceObjectWriter {
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

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const response = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      const bytes = (await response.Body?.transformToByteArray()) ?? new Uint8Array();
      return {
        key,
        bytes,
        ...(response.LastModified === undefined ? {} : { lastModified: response.LastModified }),
        ...(response.ObjectLockMode === undefined ? {} : { lockMode: response.ObjectLockMode }),
        ...(response.ObjectLockRetainUntilDate === undefined
          ? {}
          : { retainUntil: new Date(response.ObjectLockRetainUntilDate) }),
      };
    } catch (error) {
      if (statusOf(error) === 404 || (error instanceof S3ServiceException && error.name === 'NoSuchKey')) {
        return undefined;
      }
      throw new EvidenceError(`cannot read s3://${this.#bucket}/${key}`, { cause: error, context: { key } });
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
