import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { VigilError } from '#shared/errors';

/** A scratch file of a command could not be created, written or read (disk full, no such directory). */
export class ScratchFileError extends VigilError {
  override readonly name: string = 'ScratchFileError';
}

function scratchFailure(action: string, path: string, error: unknown): ScratchFileError {
  const code = error instanceof Error && 'code' in error ? String(error.code) : 'failed';
  return new ScratchFileError(
    `cannot ${action} scratch file ${path} (${code}); point TMPDIR at a directory with room`,
    { cause: error, context: { path } },
  );
}

/** A private directory for scratch files, created on first use and removed with everything in it. */
export class ScratchDir {
  readonly #parent: string;
  #path: string | undefined;
  #files = 0;

  /** @param parent where the directory goes (e.g. `os.tmpdir()`). */
  constructor(parent: string) {
    this.#parent = parent;
  }

  /** A new file name in the directory (the file itself is not created). */
  file(prefix: string): string {
    if (this.#path === undefined) {
      const template = join(this.#parent, 'vigil-scratch-');
      try {
        this.#path = mkdtempSync(template);
      } catch (error) {
        throw scratchFailure('create', `${template}XXXXXX`, error);
      }
    }
    this.#files += 1;
    return join(this.#path, `${prefix}-${this.#files}`);
  }

  /** Removes the directory, if it was created; safe to call more than once. */
  remove(): void {
    if (this.#path !== undefined) rmSync(this.#path, { recursive: true, force: true });
    this.#path = undefined;
  }
}

/** How a {@link SpillSorter} orders, writes and sizes its records. */
export interface SpillSortOptions<T> {
  /** The order to sort in; ties keep the order records were added in. */
  compare(a: T, b: T): number;
  /** One record as one line of text (no line feed in it: JSON is fine). */
  serialize(record: T): string;
  /** The record back from its line. */
  deserialize(line: string): T;
  /** About how many bytes of memory the record holds while buffered. */
  sizeOf(record: T): number;
  /** Buffered records are sorted and written to a run file when they pass this many bytes. */
  readonly maxBufferBytes: number;
  readonly scratch: ScratchDir;
  /** Prefix of its run files, for someone looking at the scratch directory. */
  readonly name: string;
}

/** Bytes of text gathered before one write to a run file. */
const WRITE_CHUNK_CHARS = 1024 * 1024;
/** Bytes read at a time from each run being merged. */
const READ_CHUNK_BYTES = 64 * 1024;
/** Most runs merged at once (one open file each); more are first merged in groups of this many. */
const MAX_FAN_IN = 128;

/** Where merged records come from: a run file or the buffer still in memory. */
interface RecordSource<T> {
  next(): T | undefined;
}

function writeRun(path: string, records: Iterable<string>): void {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw scratchFailure('create', path, error);
  }
  try {
    let parts: string[] = [];
    let length = 0;
    const flush = (): void => {
      writeSync(fd, parts.join(''));
      parts = [];
      length = 0;
    };
    for (const line of records) {
      parts.push(line, '\n');
      length += line.length + 1;
      if (length >= WRITE_CHUNK_CHARS) flush();
    }
    if (parts.length > 0) flush();
  } catch (error) {
    throw error instanceof ScratchFileError ? error : scratchFailure('write', path, error);
  } finally {
    closeSync(fd);
  }
}

/** Reads a run file line by line, a chunk at a time, and deletes it once read to the end. */
class RunReader<T> implements RecordSource<T> {
  readonly #path: string;
  readonly #deserialize: (line: string) => T;
  #fd: number | undefined;
  /** Bytes read and not yet handed out are `#buffer[#start, #end)`; it grows only for a longer line. */
  #buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  #start = 0;
  #end = 0;

  constructor(path: string, deserialize: (line: string) => T) {
    this.#path = path;
    this.#deserialize = deserialize;
    try {
      this.#fd = openSync(path, 'r');
    } catch (error) {
      throw scratchFailure('read', path, error);
    }
  }

  next(): T | undefined {
    const line = this.#nextLine();
    return line === undefined ? undefined : this.#deserialize(line);
  }

  #nextLine(): string | undefined {
    let searched = this.#start;
    for (;;) {
      const end = searched < this.#end ? this.#buffer.indexOf(0x0a, searched) : -1;
      if (end !== -1 && end < this.#end) {
        const line = this.#buffer.toString('utf8', this.#start, end);
        this.#start = end + 1;
        return line;
      }
      if (this.#fd === undefined) return undefined;
      searched = this.#end - this.#start;
      this.#compact();
      let read: number;
      try {
        read = readSync(this.#fd, this.#buffer, this.#end, this.#buffer.length - this.#end, null);
      } catch (error) {
        throw scratchFailure('read', this.#path, error);
      }
      if (read === 0) {
        this.close();
        rmSync(this.#path, { force: true });
        return undefined;
      }
      this.#end += read;
    }
  }

  /**
   * Moves the unread bytes to the front, in a buffer twice as long when they fill half of it (a line longer
   * than the chunk), and back to one chunk once such a line is read.
   */
  #compact(): void {
    const unread = this.#end - this.#start;
    const length =
      unread >= this.#buffer.length / 2
        ? this.#buffer.length * 2
        : unread < READ_CHUNK_BYTES / 2
          ? READ_CHUNK_BYTES
          : this.#buffer.length;
    if (length !== this.#buffer.length) {
      const resized = Buffer.allocUnsafe(length);
      this.#buffer.copy(resized, 0, this.#start, this.#end);
      this.#buffer = resized;
    } else {
      this.#buffer.copy(this.#buffer, 0, this.#start, this.#end);
    }
    this.#start = 0;
    this.#end = unread;
  }

  /** Closes the file (it is deleted when read to the end, or with the scratch directory). */
  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/** Hands out the records of an array, letting go of each as it goes so the array's memory frees as it is read. */
class ArraySource<T> implements RecordSource<T> {
  readonly #records: (T | undefined)[];
  #index = 0;

  constructor(records: T[]) {
    this.#records = records;
  }

  next(): T | undefined {
    const record = this.#records[this.#index];
    this.#records[this.#index] = undefined;
    this.#index += 1;
    return record;
  }
}

/** Merges sorted sources into one sorted sequence; on ties, the earlier source's record comes first. */
function* mergeSources<T>(
  sources: readonly RecordSource<T>[],
  compare: (a: T, b: T) => number,
): Generator<T> {
  interface Head {
    readonly source: number;
    record: T;
  }
  const heap: Head[] = [];
  const before = (a: Head, b: Head): boolean => {
    const order = compare(a.record, b.record);
    return order < 0 || (order === 0 && a.source < b.source);
  };
  const at = (position: number): Head => heap[position] as Head;
  const siftDown = (from: number): void => {
    let index = from;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let first = index;
      if (left < heap.length && before(at(left), at(first))) first = left;
      if (right < heap.length && before(at(right), at(first))) first = right;
      if (first === index) return;
      [heap[index], heap[first]] = [at(first), at(index)];
      index = first;
    }
  };
  sources.forEach((source, index) => {
    const record = source.next();
    if (record !== undefined) heap.push({ source: index, record });
  });
  for (let index = Math.floor(heap.length / 2) - 1; index >= 0; index -= 1) siftDown(index);
  while (heap.length > 0) {
    const top = at(0);
    yield top.record;
    const next = sources[top.source]?.next();
    if (next !== undefined) top.record = next;
    else {
      const last = heap.pop();
      if (last === undefined || heap.length === 0) break;
      heap[0] = last;
    }
    siftDown(0);
  }
}

/**
 * Sorts more records than fit in memory: records are buffered, and each time the buffer passes
 * `maxBufferBytes` it is sorted and written to a run file in the scratch directory; reading merges the
 * runs with what is still buffered. Nothing touches the disk while everything fits. The sort is stable.
 */
export class SpillSorter<T> {
  readonly #options: SpillSortOptions<T>;
  #buffer: T[] = [];
  #bufferBytes = 0;
  #runs: string[] = [];
  #count = 0;
  #read = false;

  constructor(options: SpillSortOptions<T>) {
    this.#options = options;
  }

  /** How many records were added. */
  get count(): number {
    return this.#count;
  }

  /** How many runs went to disk so far. */
  get runsWritten(): number {
    return this.#runs.length;
  }

  /** Adds one record; may sort and write the buffer to a run file. */
  add(record: T): void {
    if (this.#read) throw new Error('SpillSorter: add() after sorted()');
    this.#buffer.push(record);
    this.#count += 1;
    this.#bufferBytes += this.#options.sizeOf(record);
    if (this.#bufferBytes >= this.#options.maxBufferBytes) this.#spill();
  }

  #spill(): void {
    const { compare, serialize, scratch, name } = this.#options;
    const sorted = this.#buffer.sort(compare);
    this.#buffer = [];
    this.#bufferBytes = 0;
    const path = scratch.file(name);
    writeRun(
      path,
      (function* () {
        for (const record of sorted) yield serialize(record);
      })(),
    );
    this.#runs.push(path);
  }

  /** Merges runs `from` to `from + count` into one run in their place (so ties keep their order). */
  #mergeRuns(from: number, count: number): void {
    const { compare, serialize, deserialize, scratch, name } = this.#options;
    const paths = this.#runs.slice(from, from + count);
    const readers = paths.map((path) => new RunReader(path, deserialize));
    const path = scratch.file(name);
    try {
      writeRun(
        path,
        (function* () {
          for (const record of mergeSources(readers, compare)) yield serialize(record);
        })(),
      );
    } finally {
      for (const reader of readers) reader.close();
    }
    this.#runs.splice(from, count, path);
  }

  /** Every record, in order; may be called once, after the last `add`. */
  *sorted(): Generator<T> {
    if (this.#read) throw new Error('SpillSorter: sorted() called twice');
    this.#read = true;
    const { compare, deserialize } = this.#options;
    if (this.#runs.length === 0) {
      const source = new ArraySource(this.#buffer.sort(compare));
      this.#buffer = [];
      for (let record = source.next(); record !== undefined; record = source.next()) yield record;
      return;
    }
    // Once on disk, all of it: the merge then holds one read buffer per run, not a buffer of records that
    // would only be let go at the end.
    if (this.#buffer.length > 0) this.#spill();
    while (this.#runs.length > MAX_FAN_IN) this.#mergeRuns(0, MAX_FAN_IN);
    const readers = this.#runs.map((path) => new RunReader(path, deserialize));
    this.#runs = [];
    try {
      yield* mergeSources<T>(readers, compare);
    } finally {
      for (const reader of readers) reader.close();
    }
  }
}
