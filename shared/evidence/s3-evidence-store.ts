import { HeadObjectCommand, PutObjectCommand, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { EvidenceError } from './errors';
import type { EvidenceStore, PutEvidenceResult, PutRejectedResult } from './evidence-store';
import { REJECTED_PREFIX, sha256Hex } from './finding';

const DAY_MS = 86_400_000;

/** Settings of the S3 evidence store. */
export interface S3EvidenceStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Days each object stays locked in COMPLIANCE mode, counted from the finding's evaluation time. */
  readonly retentionDays: number;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404 || (error instanceof S3ServiceException && error.name === 'NoSuchKey');
}

function isPreconditionFailed(error: unknown): boolean {
  return (
    statusOf(error) === 412 || (error instanceof S3ServiceException && error.name === 'PreconditionFailed')
  );
}

/**
 * Evidence store on an S3 bucket created with Object Lock: each put is conditional (`If-None-Match: *`, which
 * the bucket policy requires),
 * carries COMPLIANCE mode with an explicit retain-until date, and a SHA-256 checksum S3 verifies.
 */
export class S3EvidenceStore implements EvidenceStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #retentionDays: number;

  constructor(options: S3EvidenceStoreOptions) {
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#retentionDays = options.retentionDays;
  }

  /** The bucket this store writes to. */
  get bucket(): string {
    return this.#bucket;
  }

  async putBatch(key: string, body: string, retainFrom: Date): Promise<PutEvidenceResult> {
    return this.#putLocked(
      key,
      body,
      new Date(retainFrom.getTime() + this.#retentionDays * DAY_MS),
      {},
      'application/x-ndjson',
    );
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw new EvidenceError(`cannot check s3://${this.#bucket}/${key}`, { cause: error, context: { key } });
    }
  }

  async putRejectedInput(raw: string, reason: string, receivedAt: Date): Promise<PutRejectedResult> {
    const digest = sha256Hex(raw);
    const day = receivedAt.toISOString().slice(0, 10).replace(/-/g, '/');
    const key = `${REJECTED_PREFIX}${day}/${digest}.json`;
    const body = `${JSON.stringify({ receivedAt: receivedAt.toISOString(), reason, sha256: digest, raw })}\n`;
    const retainUntil = new Date(receivedAt.getTime() + this.#retentionDays * DAY_MS);
    const result = await this.#putLocked(key, body, retainUntil, { 'input-sha256': digest });
    return { key, status: result.status };
  }

  /**
   * Writes another kind of evidence document (e.g. a remediation record) with the same guarantees as a
   * finding: never overwrites, COMPLIANCE lock until `retainFrom` + the retention days, SHA-256 checksum.
   */
  async putLockedDocument(
    key: string,
    body: string,
    retainFrom: Date,
    metadata: Record<string, string> = {},
  ): Promise<PutEvidenceResult> {
    return this.#putLocked(
      key,
      body,
      new Date(retainFrom.getTime() + this.#retentionDays * DAY_MS),
      metadata,
    );
  }

  async #putLocked(
    key: string,
    body: string,
    retainUntil: Date,
    metadata: Record<string, string>,
    contentType = 'application/json',
  ): Promise<PutEvidenceResult> {
    try {
      const response = await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          IfNoneMatch: '*',
          ChecksumAlgorithm: 'SHA256',
          ObjectLockMode: 'COMPLIANCE',
          ObjectLockRetainUntilDate: retainUntil,
          Metadata: metadata,
        }),
      );
      return {
        status: 'created',
        key,
        ...(response.VersionId === undefined ? {} : { versionId: response.VersionId }),
        ...(response.ChecksumSHA256 === undefined ? {} : { checksumSha256: response.ChecksumSHA256 }),
      };
    } catch (error) {
      if (isPreconditionFailed(error)) return { status: 'exists', key };
      throw new EvidenceError(`cannot write s3://${this.#bucket}/${key}`, { cause: error, context: { key } });
    }
  }
}
