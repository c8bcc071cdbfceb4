import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';

/** Bytes buffered before a write reaches the file. */
const FLUSH_BYTES = 256 * 1024;

/** A file written in the bundle: where, how big, and the SHA-256 of its bytes. */
export interface WrittenFile {
  /** Path inside the bundle, `/`-separated. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Appends to one bundle file through a small buffer and hashes the bytes as they go, so a file of any size
 * is written with constant memory and its SHA-256 is known when it is closed.
 */
export class BundleFileWriter {
  readonly #handle: FileHandle;
  readonly #path: string;
  readonly #hash = createHash('sha256');
  #chunks: Buffer[] = [];
  #buffered = 0;
  #bytes = 0;
  #closed = false;

  private constructor(handle: FileHandle, path: string) {
    this.#handle = handle;
    this.#path = path;
  }

  /** Creates (or truncates) `file` for the bundle path `path`. */
  static async create(file: string, path: string): Promise<BundleFileWriter> {
    return new BundleFileWriter(await open(file, 'w'), path);
  }

  /** Appends text (UTF-8) or bytes. */
  async write(data: string | Uint8Array): Promise<void> {
    const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    this.#hash.update(chunk);
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    this.#bytes += chunk.length;
    if (this.#buffered >= FLUSH_BYTES) await this.#flush();
  }

  /** Closes the file without flushing, after a failed export; safe to call after close(). */
  async discard(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#chunks = [];
    await this.#handle.close();
  }

  /** Flushes and closes the file. */
  async close(): Promise<WrittenFile> {
    this.#closed = true;
    try {
      await this.#flush();
    } finally {
      await this.#handle.close();
    }
    return { path: this.#path, bytes: this.#bytes, sha256: this.#hash.digest('hex') };
  }

  async #flush(): Promise<void> {
    if (this.#buffered === 0) return;
    const data = Buffer.concat(this.#chunks, this.#buffered);
    this.#chunks = [];
    this.#buffered = 0;
    await this.#handle.write(data);
  }
}
