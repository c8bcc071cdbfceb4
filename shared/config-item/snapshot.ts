import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { formatBytes } from '#shared/byte-size';
import { type ConfigurationItem, normalizeConfigurationItem } from './configuration-item';
import { InvalidConfigurationItemError, JsonStreamError, SnapshotError, SnapshotLimitError } from './errors';
import { type JsonPath, JsonStreamScanner, type JsonValueAction, type JsonValueKind } from './json-stream';

const ITEM_LIST_KEYS = ['configurationItems', 'baseConfigurationItems'] as const;

/** Default cap on the bytes of JSON a snapshot may hold (after decompression). */
export const DEFAULT_MAX_INPUT_BYTES = 4 * 1024 ** 3;
/** Default cap on one string (or number) of a snapshot. */
export const DEFAULT_MAX_STRING_BYTES = 1024 ** 2;
/** One configuration item may be this many times the string cap. */
export const ITEM_SIZE_FACTOR = 64;
/** Nesting deeper than this is refused: AWS Config documents nest a few dozen levels at most. */
const MAX_DEPTH = 512;
/** V8's longest string, less a margin: a captured item is decoded into one string before JSON.parse. */
const MAX_ITEM_BYTES = 0x1fffffe8 - 1024;
const READ_CHUNK_BYTES = 256 * 1024;

/** Limits of a snapshot read; every one is checked as the bytes arrive. */
export interface SnapshotReadOptions {
  /** Most bytes of JSON (decompressed, for gzip) the file may hold; default 4 GiB. */
  readonly maxInputBytes?: number;
  /** Longest string or number, in bytes; default 1 MiB. One item may be {@link ITEM_SIZE_FACTOR} times that. */
  readonly maxStringBytes?: number;
}

/** Finds the list of raw items in any container AWS produces (snapshot, history, batch-get) or a bare array. */
function rawItemsOf(document: unknown): readonly unknown[] | undefined {
  if (Array.isArray(document)) return document;
  if (document === null || typeof document !== 'object') return undefined;
  const record = document as Record<string, unknown>;
  for (const key of ITEM_LIST_KEYS) {
    const value = record[key];
    if (Array.isArray(value)) return value;
  }
  return undefined;
}

function normalizeAt(raw: unknown, index: number, source: string): ConfigurationItem {
  try {
    return normalizeConfigurationItem(raw);
  } catch (error) {
    if (!(error instanceof InvalidConfigurationItemError)) throw error;
    throw new SnapshotError(`${source}: item ${index}: ${error.message}`, {
      cause: error,
      context: { source, index },
    });
  }
}

function noItemList(source: string): SnapshotError {
  return new SnapshotError(`${source}: no configuration items found (expected "configurationItems" array)`, {
    context: { source },
  });
}

function emptySnapshot(source: string): SnapshotError {
  return new SnapshotError(`${source}: the snapshot holds no configuration items`, { context: { source } });
}

/**
 * Normalizes every configuration item of a parsed snapshot document. Strict on purpose: an item
 * that cannot be read is an error naming its position, never a silently smaller scan.
 * @throws SnapshotError when there is no item list, it is empty, or an item is invalid.
 */
export function parseSnapshotDocument(document: unknown, source: string): ConfigurationItem[] {
  const rawItems = rawItemsOf(document);
  if (rawItems === undefined) throw noItemList(source);
  if (rawItems.length === 0) throw emptySnapshot(source);
  return rawItems.map((raw, index) => normalizeAt(raw, index, source));
}

function reasonOf(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
}

function cannotRead(path: string, error: unknown): SnapshotError {
  return new SnapshotError(`${path}: cannot read file (${reasonOf(error)})`, {
    cause: error,
    context: { path },
  });
}

/** What a file is when it is not a regular one; such files may never end (a FIFO, /dev/zero). */
function irregularKind(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

function notRegular(path: string, kind: string): SnapshotError {
  return new SnapshotError(`${path}: is ${kind}, not a regular file`, { context: { path } });
}

/**
 * Opens a regular file, refusing anything else before reading a byte: the path is checked first, then
 * the opened descriptor (non-blocking, so a FIFO swapped in between cannot hang the open).
 */
async function openRegularFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    throw cannotRead(path, error);
  }
  const kind = irregularKind(stats);
  if (kind !== undefined) throw notRegular(path, kind);
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw cannotRead(path, error);
  }
  try {
    const opened = await handle.stat();
    const openedKind = irregularKind(opened);
    if (openedKind !== undefined) throw notRegular(path, openedKind);
    return { handle, size: opened.size };
  } catch (error) {
    await handle.close();
    throw error instanceof SnapshotError ? error : cannotRead(path, error);
  }
}

function isZlibError(error: unknown): error is Error & { code: string } {
  return (
    error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('Z_')
  );
}

/**
 * The bytes of a file, gunzipped when they start with the gzip magic bytes (whatever the file is called),
 * never more than `maxInputBytes` of them.
 */
async function* inputBytes(
  path: string,
  handle: FileHandle,
  gzip: boolean,
  maxInputBytes: number,
): AsyncGenerator<Uint8Array> {
  const source = handle.createReadStream({ start: 0, highWaterMark: READ_CHUNK_BYTES, autoClose: false });
  if (!gzip) {
    let total = 0;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > maxInputBytes) {
          throw new SnapshotLimitError(
            `${path}: the file exceeds ${formatBytes(maxInputBytes)}`,
            'maxInputBytes',
            {
              context: { path },
            },
          );
        }
        yield chunk;
      }
    } catch (error) {
      throw error instanceof SnapshotError ? error : cannotRead(path, error);
    } finally {
      source.destroy();
    }
    return;
  }
  const gunzip = createGunzip();
  // Errors reach the loop below through gunzip; the callback only keeps an early stop from being unhandled.
  pipeline(source, gunzip, () => undefined);
  let total = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxInputBytes) {
        throw new SnapshotLimitError(
          `${path}: decompressed data exceeds ${formatBytes(maxInputBytes)}`,
          'maxInputBytes',
          { context: { path } },
        );
      }
      yield chunk;
    }
  } catch (error) {
    if (error instanceof SnapshotError) throw error;
    if (!isZlibError(error)) throw cannotRead(path, error);
    const at = gunzip.bytesWritten;
    const message =
      error.code === 'Z_BUF_ERROR'
        ? `${path}: gzip data ends early at byte ${at} (truncated?)`
        : /^incorrect (data|length) check$/.test(error.message)
          ? `${path}: gzip data corrupt (checksum mismatch)`
          : `${path}: gzip data corrupt at or after byte ${at} (${error.message})`;
    throw new SnapshotError(message, { cause: error, context: { path, offset: at, gzip: true } });
  } finally {
    gunzip.destroy();
  }
}

/** Which item list a snapshot document holds, as far as the scanner has read. */
class SnapshotShape {
  root: JsonValueKind | undefined;
  listKey: string | undefined;
  items = 0;
  readonly #source: string;

  constructor(source: string) {
    this.#source = source;
  }

  /** Descends into the root and into the one item list; captures items; skips everything else. */
  onValueStart(path: JsonPath, kind: JsonValueKind): JsonValueAction {
    if (path.length === 0) {
      this.root = kind;
      return 'descend';
    }
    const [first] = path;
    if (path.length === 1) {
      if (typeof first === 'number') return 'capture';
      if (kind !== 'array' || !(ITEM_LIST_KEYS as readonly string[]).includes(first as string)) return 'skip';
      if (this.listKey !== undefined) {
        throw new SnapshotError(
          `${this.#source}: holds more than one list of configuration items ("${this.listKey}" and "${String(first)}")`,
          { context: { source: this.#source } },
        );
      }
      this.listKey = first;
      return 'descend';
    }
    return path.length === 2 && first === this.listKey ? 'capture' : 'skip';
  }
}

/** Compressed data past a JSON error that is still read to find a gzip error (the likelier cause). */
const GZIP_LOOKAHEAD_BYTES = 64 * 1024 * 1024;

/**
 * Reads on past a JSON error in gzipped input, for a while: corrupt deflate data mostly inflates to garbage
 * that the gzip checksum only catches at the end, and the corrupt gzip is then the problem to name.
 */
async function throwGzipErrorAhead(input: AsyncGenerator<Uint8Array>): Promise<void> {
  let read = 0;
  try {
    for (
      let next = await input.next();
      !next.done && read < GZIP_LOOKAHEAD_BYTES;
      next = await input.next()
    ) {
      read += next.value.length;
    }
  } catch (error) {
    if (error instanceof SnapshotError && error.context.gzip === true) throw error;
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/**
 * Reads the configuration items of an AWS Config snapshot file one by one, in bounded memory: plain or
 * gzipped JSON (detected by its magic bytes), with or without a UTF-8 byte order mark, holding a snapshot's
 * `configurationItems`, a BatchGetResourceConfig or GetResourceConfigHistory response, or a bare array of
 * items. Only the item being parsed is held as text; the whole document is checked (JSON and UTF-8).
 * @throws SnapshotError with a one-line message naming the file and the problem (SnapshotLimitError when a
 * limit is passed); nothing is yielded past an invalid item.
 */
export async function* readSnapshotItems(
  path: string,
  options: SnapshotReadOptions = {},
): AsyncGenerator<ConfigurationItem> {
  const maxInputBytes = options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const maxStringBytes = options.maxStringBytes ?? DEFAULT_MAX_STRING_BYTES;
  const { handle, size } = await openRegularFile(path);
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0).catch((error: unknown) => {
      throw cannotRead(path, error);
    });
    const gzip = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
    if (!gzip && size > maxInputBytes) {
      throw new SnapshotLimitError(
        `${path}: the file is ${formatBytes(size)}, more than ${formatBytes(maxInputBytes)}`,
        'maxInputBytes',
        { context: { path, size } },
      );
    }
    const shape = new SnapshotShape(path);
    const pending: ConfigurationItem[] = [];
    let scanner: JsonStreamScanner | undefined;
    let prefix = new Uint8Array(0);
    const start = (bytes: Uint8Array): Uint8Array => {
      if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
        throw new SnapshotError(`${path}: is UTF-16 text (byte order mark), not UTF-8`, {
          context: { path },
        });
      }
      const bom = startsWith(bytes, UTF8_BOM);
      scanner = new JsonStreamScanner(
        {
          onValueStart: (jsonPath, kind) => shape.onValueStart(jsonPath, kind),
          onValue: (jsonPath, value) => {
            pending.push(normalizeAt(value, Number(jsonPath.at(-1)), path));
            shape.items += 1;
          },
        },
        {
          maxStringBytes,
          maxValueBytes: Math.min(maxStringBytes * ITEM_SIZE_FACTOR, MAX_ITEM_BYTES),
          maxDepth: MAX_DEPTH,
          startOffset: bom ? UTF8_BOM.length : 0,
        },
      );
      return bom ? bytes.subarray(UTF8_BOM.length) : bytes;
    };
    const scan = (bytes: Uint8Array, last: boolean): void => {
      try {
        if (scanner === undefined) {
          // The first three bytes decide whether there is a byte order mark; wait for them.
          const joined = prefix.length === 0 ? bytes : Buffer.concat([prefix, bytes]);
          if (joined.length < UTF8_BOM.length && !last) {
            prefix = Uint8Array.from(joined);
            return;
          }
          bytes = start(joined);
        }
        scanner?.write(bytes);
        if (last) scanner?.end();
      } catch (error) {
        if (!(error instanceof JsonStreamError)) throw error;
        const position = gzip ? `byte ${error.offset} of the decompressed data` : `byte ${error.offset}`;
        const message = `${path}: ${error.describe(position)}`;
        const context = { path, offset: error.offset, problem: error.problem };
        throw error.problem === 'string-size' || error.problem === 'value-size'
          ? new SnapshotLimitError(message, 'maxStringBytes', { cause: error, context })
          : new SnapshotError(message, { cause: error, context });
      }
    };
    const input = inputBytes(path, handle, gzip, maxInputBytes);
    try {
      for (let next = await input.next(); !next.done; next = await input.next()) {
        try {
          scan(next.value, false);
        } catch (error) {
          if (gzip && error instanceof SnapshotError && error.cause instanceof JsonStreamError) {
            await throwGzipErrorAhead(input);
          }
          throw error;
        }
        yield* pending.splice(0);
      }
      scan(new Uint8Array(0), true);
      yield* pending.splice(0);
    } finally {
      await input.return(undefined);
    }
    if (shape.root !== 'array' && shape.listKey === undefined) throw noItemList(path);
    if (shape.items === 0) throw emptySnapshot(path);
  } finally {
    await handle.close();
  }
}

/**
 * Reads every configuration item of an AWS Config snapshot file (see {@link readSnapshotItems}).
 * @throws SnapshotError with a one-line message naming the file and the problem.
 */
export async function readSnapshotFile(
  path: string,
  options: SnapshotReadOptions = {},
): Promise<ConfigurationItem[]> {
  const items: ConfigurationItem[] = [];
  for await (const item of readSnapshotItems(path, options)) items.push(item);
  return items;
}
