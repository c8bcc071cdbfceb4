import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { ExportError } from './errors';

/** Where an export reads evidence from: the evidence bucket, or a local copy of it. */
export interface EvidenceSource {
  /** Where the evidence comes from, for the manifest (`s3://bucket` or a directory path). */
  readonly location: string;
  /** The "folders" right under `prefix` (which ends with `/`), each ending with `/`, in key order. */
  listPrefixes(prefix: string): AsyncIterable<string>;
  /** Every object key under `prefix`, in key order, fetched page by page. */
  listKeys(prefix: string): AsyncIterable<string>;
  /** The exact stored bytes of one object, or `undefined` when there is none. */
  read(key: string): Promise<Uint8Array | undefined>;
  /**
   * The bytes of one version of an object, as a digest lists it; sources without versions (a local copy)
   * read the key itself.
   */
  readVersion(key: string, versionId: string): Promise<Uint8Array | undefined>;
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchKey')
  );
}

/** Evidence source over the evidence bucket (ListObjectsV2 page by page, GetObject per key). */
export class S3EvidenceSource implements EvidenceSource {
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(options: { readonly client: S3Client; readonly bucket: string }) {
    this.#client = options.client;
    this.#bucket = options.bucket;
  }

  get location(): string {
    return `s3://${this.#bucket}`;
  }

  async *listPrefixes(prefix: string): AsyncIterable<string> {
    for await (const page of this.#pages(prefix, '/')) {
      for (const entry of page.CommonPrefixes ?? []) if (entry.Prefix) yield entry.Prefix;
    }
  }

  async *listKeys(prefix: string): AsyncIterable<string> {
    for await (const page of this.#pages(prefix, undefined)) {
      for (const entry of page.Contents ?? []) if (entry.Key) yield entry.Key;
    }
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    return this.#get(key, undefined);
  }

  async readVersion(key: string, versionId: string): Promise<Uint8Array | undefined> {
    // An object written before versioning (or copied without it) has the version id `null`.
    return this.#get(key, versionId === 'null' ? undefined : versionId);
  }

  async #get(key: string, versionId: string | undefined): Promise<Uint8Array | undefined> {
    try {
      const response = await this.#client.send(
        new GetObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          ...(versionId === undefined ? {} : { VersionId: versionId }),
        }),
      );
      return await response.Body?.transformToByteArray();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new ExportError(`cannot read s3://${this.#bucket}/${key}`, { cause: error, context: { key } });
    }
  }

  async *#pages(prefix: string, delimiter: string | undefined): AsyncIterable<ListObjectsV2CommandOutput> {
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.#client.send(
          new ListObjectsV2Command({
            Bucket: this.#bucket,
            Prefix: prefix,
            ...(delimiter === undefined ? {} : { Delimiter: delimiter }),
            ...(token === undefined ? {} : { ContinuationToken: token }),
          }),
        );
      } catch (error) {
        throw new ExportError(`cannot list s3://${this.#bucket}/${prefix}`, {
          cause: error,
          context: { prefix },
        });
      }
      yield page;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR');
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Evidence source over a local copy of the bucket (`aws s3 sync s3://<evidence-bucket> DIR`): object keys
 * are paths relative to DIR.
 */
export class DirectoryEvidenceSource implements EvidenceSource {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  get location(): string {
    return this.#root;
  }

  async *listPrefixes(prefix: string): AsyncIterable<string> {
    for (const entry of await this.#entries(prefix)) if (entry.isDirectory()) yield `${prefix}${entry.name}/`;
  }

  async *listKeys(prefix: string): AsyncIterable<string> {
    // One recursive readdir per prefix (a day holds a few thousand objects at most); one call per folder
    // would cost a round trip per resource and rule.
    let entries: Dirent[];
    try {
      entries = await readdir(this.#path(prefix), { withFileTypes: true, recursive: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw new ExportError(`cannot list ${this.#path(prefix)}`, { cause: error, context: { prefix } });
    }
    const base = this.#path(prefix);
    const keys = entries
      .filter((entry) => entry.isFile())
      .map((entry) => `${prefix}${relative(base, join(entry.parentPath, entry.name)).split(sep).join('/')}`)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    yield* keys;
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.#path(key));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new ExportError(`cannot read ${this.#path(key)}`, { cause: error, context: { key } });
    }
  }

  async readVersion(key: string, _versionId: string): Promise<Uint8Array | undefined> {
    return this.read(key);
  }

  #path(key: string): string {
    return join(this.#root, ...key.split('/'));
  }

  async #entries(prefix: string): Promise<Dirent[]> {
    try {
      return (await readdir(this.#path(prefix), { withFileTypes: true })).sort(byName);
    } catch (error) {
      if (isMissing(error)) return [];
      throw new ExportError(`cannot list ${this.#path(prefix)}`, { cause: error, context: { prefix } });
    }
  }
}
