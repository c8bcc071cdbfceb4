import { formatBytes } from '#shared/byte-size';
import { JsonStreamError, type JsonStreamProblem } from './errors';

/** The kind of a JSON value, as known from its first byte. */
export type JsonValueKind = 'object' | 'array' | 'string' | 'number' | 'literal';

/**
 * What the scanner does with a value it meets outside any captured or skipped value: `descend` into an
 * object or array (its members are reported in turn; a scalar is skipped), `capture` it (validated, then
 * handed to `onValue` parsed), or `skip` it (validated, then forgotten).
 */
export type JsonValueAction = 'descend' | 'capture' | 'skip';

/** Keys and array indexes from the root to a value; valid only during the callback it is passed to. */
export type JsonPath = readonly (string | number)[];

/** Callbacks of a {@link JsonStreamScanner}; both run synchronously inside `write` or `end`. */
export interface JsonStreamHandler {
  /** A value starts at `offset` (its first byte) at `path`; returns what to do with it. */
  onValueStart(path: JsonPath, kind: JsonValueKind, offset: number): JsonValueAction;
  /** A captured value, parsed, with the offset of its first byte. */
  onValue(path: JsonPath, value: unknown, offset: number): void;
}

/** Limits of a {@link JsonStreamScanner}; every one of them is checked as the bytes arrive. */
export interface JsonStreamLimits {
  /** Longest string or number, in bytes as written between its delimiters. */
  readonly maxStringBytes: number;
  /** Largest captured value, in bytes. */
  readonly maxValueBytes: number;
  /** Deepest nesting of objects and arrays. */
  readonly maxDepth: number;
  /** Offset of the first byte written (3 when a byte order mark was taken off first). */
  readonly startOffset?: number;
  /** Containers already open around the document, counted against `maxDepth` (default 0). */
  readonly startDepth?: number;
}

// Where the scanner is: expecting something between values, or inside a token.
const S_ROOT = 0;
const S_VALUE = 1;
const S_ARRAY_FIRST = 2;
const S_OBJECT_FIRST = 3;
const S_KEY = 4;
const S_COLON = 5;
const S_AFTER = 6;
const S_END = 7;
const S_STRING = 8;
const S_ESCAPE = 9;
const S_UNICODE = 10;
const S_UTF8 = 11;
const S_NUMBER = 12;
const S_LITERAL = 13;
/** Inside a captured object or array: only its end, string sizes and depth are tracked; JSON.parse checks the rest. */
const S_FAST = 14;
const S_FAILED = 15;

// Where a number is: after '-', after a leading '0', in the integer, after '.', in the fraction, after
// 'e', after the exponent's sign, in the exponent.
const N_MINUS = 0;
const N_ZERO = 1;
const N_INT = 2;
const N_DOT = 3;
const N_FRACTION = 4;
const N_E = 5;
const N_E_SIGN = 6;
const N_EXPONENT = 7;

const OBJECT = 1;
const ARRAY = 2;

const TRUE = Uint8Array.from([0x74, 0x72, 0x75, 0x65]);
const FALSE = Uint8Array.from([0x66, 0x61, 0x6c, 0x73, 0x65]);
const NULL = Uint8Array.from([0x6e, 0x75, 0x6c, 0x6c]);

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const SKIP_ALL: JsonStreamHandler = { onValueStart: () => 'skip', onValue: () => undefined };

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

function isHex(byte: number): boolean {
  return isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** A byte as an error message shows it: printable ASCII quoted, anything else in hex. */
function showByte(byte: number): string {
  return byte > 0x20 && byte < 0x7f
    ? `'${String.fromCharCode(byte)}'`
    : `byte 0x${byte.toString(16).padStart(2, '0').toUpperCase()}`;
}

/**
 * A streaming JSON scanner over UTF-8 bytes (RFC 8259): validates the whole document as it arrives, in
 * constant memory apart from the values it captures, and reports values by path. Strings are checked for
 * well-formed UTF-8 (Unicode table 3-7). Errors are {@link JsonStreamError}s naming the byte offset; after
 * one, the scanner refuses further input.
 *
 * A captured object or array is only delimited as it arrives (strings, nesting, sizes), then decoded
 * (fatal UTF-8) and handed to `JSON.parse`, so the bulk of a snapshot is checked and built natively; when
 * either refuses it, or a limit is passed inside it, its bytes are scanned again byte by byte to name the
 * first problem exactly as if they had been scanned so from the start.
 */
export class JsonStreamScanner {
  readonly #handler: JsonStreamHandler;
  readonly #maxString: number;
  readonly #maxValue: number;
  readonly #maxDepth: number;
  readonly #startDepth: number;

  #state = S_ROOT;
  /** Offset of the current chunk's first byte. */
  #base: number;
  readonly #stack: Uint8Array;
  #depth = 0;
  /** Keys and indexes of the open containers, kept outside captured and skipped values only. */
  readonly #path: (string | number)[] = [];
  /** Depth of the value being captured or skipped, or -1. */
  #quietFrom = -1;
  #capturing = false;
  #captureOffset = 0;

  #recording = false;
  #recordFrom = 0;
  #recordParts: Uint8Array[] = [];
  #recordBytes = 0;

  #stringIsKey = false;
  #stringOffset = 0;
  #stringBytes = 0;
  #hexLeft = 0;
  #utf8Left = 0;
  #utf8Low = 0x80;
  #utf8High = 0xbf;
  #utf8Offset = 0;
  #numberState = N_INT;
  #numberOffset = 0;
  #numberBytes = 0;
  #literal: Uint8Array = NULL;
  #literalIndex = 0;
  #fastDepth = 0;
  #fastInString = false;
  #fastEscape = false;
  /** Offset where the current number (a run of bytes outside strings and punctuation) started, or -1. */
  #fastRun = -1;

  constructor(handler: JsonStreamHandler, limits: JsonStreamLimits) {
    this.#handler = handler;
    this.#maxString = limits.maxStringBytes;
    this.#maxValue = limits.maxValueBytes;
    this.#maxDepth = limits.maxDepth;
    this.#base = limits.startOffset ?? 0;
    this.#startDepth = limits.startDepth ?? 0;
    this.#stack = new Uint8Array(limits.maxDepth + 1);
  }

  /** Bytes scanned so far, counting from the start offset. */
  get offset(): number {
    return this.#base;
  }

  /** Scans the next bytes of the document. */
  write(chunk: Uint8Array): void {
    if (this.#state === S_FAILED) throw new Error('JsonStreamScanner: write after an error');
    try {
      this.#scan(chunk);
    } catch (error) {
      this.#state = S_FAILED;
      throw error;
    }
  }

  /** Ends the document: throws when it is empty, truncated, or a number at its end is incomplete. */
  end(): void {
    if (this.#state === S_FAILED) throw new Error('JsonStreamScanner: end after an error');
    try {
      if (this.#state === S_NUMBER && this.#numberComplete()) this.#endValue(undefined, 0);
      if (this.#state === S_FAST) {
        this.#rescan(this.#recorded(), true);
        this.#fail('truncated', this.#base, ' (truncated?)', 'the JSON ends early');
      }
      if (this.#state === S_ROOT)
        throw new JsonStreamError('empty', this.#base, 'no JSON value (empty or only whitespace)');
      if (this.#state !== S_END) {
        throw new JsonStreamError('truncated', this.#base, 'the JSON ends early', ' (truncated?)');
      }
    } catch (error) {
      this.#state = S_FAILED;
      throw error;
    }
  }

  #fail(problem: JsonStreamProblem, offset: number, tail: string, lead = 'not JSON'): never {
    throw new JsonStreamError(problem, offset, lead, tail);
  }

  #unexpected(byte: number, offset: number, expected: string): never {
    this.#fail('syntax', offset, `: expected ${expected}, found ${showByte(byte)}`);
  }

  #scan(chunk: Uint8Array): void {
    const n = chunk.length;
    if (this.#recording) this.#recordFrom = 0;
    let i = 0;
    while (i < n) {
      switch (this.#state) {
        case S_STRING: {
          let j = i;
          let byte = 0;
          // The hot loop: plain ASCII up to the next quote, backslash, control or non-ASCII byte.
          for (; j < n; j++) {
            byte = chunk[j] as number;
            if (byte === 0x22 || byte === 0x5c || byte < 0x20 || byte >= 0x80) break;
          }
          this.#stringBytes += j - i;
          this.#checkString();
          if (j === n) {
            i = n;
            break;
          }
          if (byte === 0x22) {
            i = j + 1;
            this.#endString(chunk, i);
          } else if (byte === 0x5c) {
            this.#stringBytes += 1;
            this.#state = S_ESCAPE;
            i = j + 1;
          } else if (byte < 0x20) {
            this.#fail(
              'syntax',
              this.#base + j,
              `: unescaped control character ${showByte(byte)} in a string`,
            );
          } else {
            this.#startUtf8(byte, this.#base + j);
            this.#stringBytes += 1;
            i = j + 1;
          }
          break;
        }
        case S_UTF8: {
          const byte = chunk[i] as number;
          if (byte < this.#utf8Low || byte > this.#utf8High) {
            this.#fail('utf8', this.#utf8Offset, '', 'invalid UTF-8');
          }
          this.#utf8Low = 0x80;
          this.#utf8High = 0xbf;
          this.#stringBytes += 1;
          if (--this.#utf8Left === 0) this.#state = S_STRING;
          i += 1;
          break;
        }
        case S_ESCAPE: {
          const byte = chunk[i] as number;
          if (byte === 0x75) {
            this.#hexLeft = 4;
            this.#state = S_UNICODE;
          } else if (
            byte === 0x22 ||
            byte === 0x5c ||
            byte === 0x2f ||
            byte === 0x62 ||
            byte === 0x66 ||
            byte === 0x6e ||
            byte === 0x72 ||
            byte === 0x74
          ) {
            this.#state = S_STRING;
          } else {
            this.#fail(
              'syntax',
              this.#base + i - 1,
              `: invalid escape in a string (\\ then ${showByte(byte)})`,
            );
          }
          this.#stringBytes += 1;
          i += 1;
          break;
        }
        case S_UNICODE: {
          const byte = chunk[i] as number;
          if (!isHex(byte)) this.#unexpected(byte, this.#base + i, 'a hex digit of a \\u escape');
          this.#stringBytes += 1;
          if (--this.#hexLeft === 0) this.#state = S_STRING;
          i += 1;
          break;
        }
        case S_NUMBER: {
          const byte = chunk[i] as number;
          if (this.#continueNumber(byte)) {
            if (++this.#numberBytes > this.#maxString) {
              this.#fail(
                'string-size',
                this.#numberOffset,
                ` exceeds ${formatBytes(this.#maxString)}`,
                'a number',
              );
            }
            i += 1;
          } else if (this.#numberComplete()) {
            // The byte after a number is its delimiter: end the number and look at the byte again.
            this.#endValue(chunk, i);
          } else {
            this.#unexpected(byte, this.#base + i, 'a digit');
          }
          break;
        }
        case S_LITERAL: {
          const byte = chunk[i] as number;
          if (byte !== this.#literal[this.#literalIndex]) {
            this.#unexpected(byte, this.#base + i, `'${String.fromCharCode(...this.#literal)}'`);
          }
          i += 1;
          if (++this.#literalIndex === this.#literal.length) this.#endValue(chunk, i);
          break;
        }
        case S_FAST:
          i = this.#fast(chunk, i);
          break;
        default:
          i = this.#structural(chunk, i);
      }
    }
    if (this.#recording) {
      const part = chunk.subarray(this.#recordFrom, n);
      this.#recordParts.push(part);
      this.#recordBytes += part.length;
      this.#checkRecording();
    }
    this.#base += n;
  }

  /** Handles one byte between tokens; returns the index of the next byte to look at. */
  #structural(chunk: Uint8Array, i: number): number {
    const byte = chunk[i] as number;
    if (isWhitespace(byte)) return i + 1;
    const offset = this.#base + i;
    switch (this.#state) {
      case S_ROOT:
      case S_VALUE:
      case S_ARRAY_FIRST:
        if (byte === 0x5d && this.#state === S_ARRAY_FIRST) return this.#close(chunk, i);
        return this.#startValue(i, byte);
      case S_OBJECT_FIRST:
      case S_KEY:
        if (byte === 0x7d && this.#state === S_OBJECT_FIRST) return this.#close(chunk, i);
        if (byte !== 0x22) {
          this.#unexpected(
            byte,
            offset,
            this.#state === S_OBJECT_FIRST ? "a property name or '}'" : 'a property name',
          );
        }
        this.#startString(i, true);
        return i + 1;
      case S_COLON:
        if (byte !== 0x3a) this.#unexpected(byte, offset, "':'");
        this.#state = S_VALUE;
        return i + 1;
      case S_AFTER: {
        const inArray = this.#stack[this.#depth - 1] === ARRAY;
        if (byte === 0x2c) {
          this.#state = inArray ? S_VALUE : S_KEY;
          return i + 1;
        }
        if (byte === (inArray ? 0x5d : 0x7d)) return this.#close(chunk, i);
        return this.#unexpected(byte, offset, inArray ? "',' or ']'" : "',' or '}'");
      }
      case S_END:
        return this.#fail('syntax', offset, `: more data after the JSON value (${showByte(byte)})`);
      default:
        throw new Error(`JsonStreamScanner: unknown state ${this.#state}`);
    }
  }

  #startValue(i: number, byte: number): number {
    const offset = this.#base + i;
    if (byte === 0x7b || byte === 0x5b) {
      const container = byte === 0x7b ? OBJECT : ARRAY;
      this.#beginValue(container === OBJECT ? 'object' : 'array', i);
      if (this.#startDepth + this.#depth >= this.#maxDepth) {
        this.#fail('depth', offset, ` nests deeper than ${this.#maxDepth} levels`, 'a value');
      }
      this.#stack[this.#depth++] = container;
      if (this.#quietFrom < 0) this.#path.push(container === ARRAY ? -1 : '');
      this.#state = container === OBJECT ? S_OBJECT_FIRST : S_ARRAY_FIRST;
      if (this.#capturing && this.#quietFrom === this.#depth - 1) {
        this.#state = S_FAST;
        this.#fastDepth = 1;
        this.#fastInString = false;
        this.#fastEscape = false;
        this.#fastRun = -1;
      }
      return i + 1;
    }
    if (byte === 0x22) {
      this.#beginValue('string', i);
      this.#startString(i, false);
      return i + 1;
    }
    if (byte === 0x2d || isDigit(byte)) {
      this.#beginValue('number', i);
      this.#numberState = byte === 0x2d ? N_MINUS : byte === 0x30 ? N_ZERO : N_INT;
      this.#numberOffset = offset;
      this.#numberBytes = 1;
      this.#state = S_NUMBER;
      return i + 1;
    }
    const literal = byte === 0x74 ? TRUE : byte === 0x66 ? FALSE : byte === 0x6e ? NULL : undefined;
    if (literal === undefined) {
      return this.#unexpected(byte, offset, this.#state === S_ARRAY_FIRST ? "a value or ']'" : 'a value');
    }
    this.#beginValue('literal', i);
    this.#literal = literal;
    this.#literalIndex = 1;
    this.#state = S_LITERAL;
    return i + 1;
  }

  /** Reports a value about to start, unless inside a quiet one, and starts capturing or skipping it. */
  #beginValue(kind: JsonValueKind, i: number): void {
    if (this.#quietFrom >= 0) return;
    const top = this.#depth - 1;
    if (top >= 0 && this.#stack[top] === ARRAY) this.#path[top] = (this.#path[top] as number) + 1;
    const offset = this.#base + i;
    const action = this.#handler.onValueStart(this.#path, kind, offset);
    if (action === 'descend' && (kind === 'object' || kind === 'array')) return;
    this.#quietFrom = this.#depth;
    if (action === 'capture') {
      this.#capturing = true;
      this.#captureOffset = offset;
      this.#startRecording(i);
    }
  }

  /** Closes the innermost container; the caller has checked that the byte matches it. */
  #close(chunk: Uint8Array, i: number): number {
    if (this.#quietFrom < 0) this.#path.pop();
    this.#depth -= 1;
    this.#endValue(chunk, i + 1);
    return i + 1;
  }

  #startString(i: number, isKey: boolean): void {
    this.#stringIsKey = isKey;
    this.#stringOffset = this.#base + i;
    this.#stringBytes = 0;
    this.#state = S_STRING;
    if (isKey && this.#quietFrom < 0) this.#startRecording(i);
  }

  #endString(chunk: Uint8Array, end: number): void {
    if (!this.#stringIsKey) {
      this.#endValue(chunk, end);
      return;
    }
    if (this.#quietFrom < 0) {
      this.#path[this.#depth - 1] = JSON.parse(decoder.decode(this.#stopRecording(chunk, end))) as string;
    }
    this.#state = S_COLON;
  }

  #checkString(): void {
    if (this.#stringBytes > this.#maxString) {
      this.#fail(
        'string-size',
        this.#stringOffset,
        ` exceeds ${formatBytes(this.#maxString)}`,
        this.#stringIsKey ? 'a property name' : 'a string',
      );
    }
  }

  #startUtf8(byte: number, offset: number): void {
    this.#utf8Offset = offset;
    this.#utf8Low = 0x80;
    this.#utf8High = 0xbf;
    if (byte >= 0xc2 && byte <= 0xdf) this.#utf8Left = 1;
    else if (byte >= 0xe0 && byte <= 0xef) {
      this.#utf8Left = 2;
      if (byte === 0xe0) this.#utf8Low = 0xa0;
      else if (byte === 0xed) this.#utf8High = 0x9f;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      this.#utf8Left = 3;
      if (byte === 0xf0) this.#utf8Low = 0x90;
      else if (byte === 0xf4) this.#utf8High = 0x8f;
    } else {
      this.#fail('utf8', offset, '', 'invalid UTF-8');
    }
    this.#state = S_UTF8;
  }

  #continueNumber(byte: number): boolean {
    const digit = isDigit(byte);
    switch (this.#numberState) {
      case N_MINUS:
        if (!digit) return false;
        this.#numberState = byte === 0x30 ? N_ZERO : N_INT;
        return true;
      case N_ZERO:
      case N_INT:
        if (digit && this.#numberState === N_INT) return true;
        if (byte === 0x2e) this.#numberState = N_DOT;
        else if (byte === 0x65 || byte === 0x45) this.#numberState = N_E;
        else return false;
        return true;
      case N_DOT:
        if (!digit) return false;
        this.#numberState = N_FRACTION;
        return true;
      case N_FRACTION:
        if (digit) return true;
        if (byte !== 0x65 && byte !== 0x45) return false;
        this.#numberState = N_E;
        return true;
      case N_E:
        if (byte === 0x2b || byte === 0x2d) this.#numberState = N_E_SIGN;
        else if (digit) this.#numberState = N_EXPONENT;
        else return false;
        return true;
      case N_E_SIGN:
        if (!digit) return false;
        this.#numberState = N_EXPONENT;
        return true;
      default:
        return digit;
    }
  }

  #numberComplete(): boolean {
    return (
      this.#numberState === N_ZERO ||
      this.#numberState === N_INT ||
      this.#numberState === N_FRACTION ||
      this.#numberState === N_EXPONENT
    );
  }

  /** A value ended just before `end` of `chunk` (or at the end of the input when `chunk` is undefined). */
  #endValue(chunk: Uint8Array | undefined, end: number): void {
    if (this.#quietFrom === this.#depth) {
      this.#quietFrom = -1;
      if (this.#capturing) {
        const bytes = this.#stopRecording(chunk, end);
        let value: unknown;
        try {
          value = JSON.parse(decoder.decode(bytes));
        } catch {
          this.#rescan(bytes, true);
          this.#fail('syntax', this.#captureOffset, '');
        }
        this.#capturing = false;
        this.#handler.onValue(this.#path, value, this.#captureOffset);
      }
    }
    this.#state = this.#depth === 0 ? S_END : S_AFTER;
  }

  #startRecording(i: number): void {
    this.#recording = true;
    this.#recordFrom = i;
    this.#recordParts = [];
    this.#recordBytes = 0;
  }

  #stopRecording(chunk: Uint8Array | undefined, end: number): Uint8Array {
    if (chunk !== undefined) {
      const part = chunk.subarray(this.#recordFrom, end);
      this.#recordParts.push(part);
      this.#recordBytes += part.length;
      this.#checkRecording();
    }
    const bytes = this.#recorded();
    this.#recording = false;
    this.#recordParts = [];
    return bytes;
  }

  /** The bytes recorded so far, as one array. */
  #recorded(): Uint8Array {
    const parts = this.#recordParts;
    return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts, this.#recordBytes);
  }

  /**
   * Scans the bytes of the value being captured again, byte by byte, from its start: throws the first
   * problem in them, if any (at their end too when `final`), exactly as a byte-by-byte scan would have.
   */
  #rescan(bytes: Uint8Array, final: boolean): void {
    const scanner = new JsonStreamScanner(SKIP_ALL, {
      maxStringBytes: this.#maxString,
      maxValueBytes: Number.POSITIVE_INFINITY,
      maxDepth: this.#maxDepth,
      startDepth: this.#startDepth + this.#quietFrom,
      startOffset: this.#captureOffset,
    });
    scanner.write(bytes);
    if (final) scanner.end();
  }

  /** Fails on a limit passed inside a captured value, unless its bytes hold an earlier problem. */
  #failFast(
    problem: JsonStreamProblem,
    offset: number,
    tail: string,
    lead: string,
    upTo?: Uint8Array,
  ): never {
    if (upTo !== undefined) this.#rescan(upTo, false);
    this.#fail(problem, offset, tail, lead);
  }

  /**
   * Finds the end of a captured object or array from byte `i`: tracks strings (their size too) and nesting
   * only, then ends the value so that it is parsed. Returns the index of the next byte to look at.
   */
  #fast(chunk: Uint8Array, i: number): number {
    const n = chunk.length;
    let depth = this.#fastDepth;
    let inString = this.#fastInString;
    let escaped = this.#fastEscape;
    let run = this.#fastRun;
    let j = i;
    while (j < n) {
      if (inString) {
        if (escaped) {
          escaped = false;
          j += 1;
          continue;
        }
        let byte = 0;
        for (; j < n; j++) {
          byte = chunk[j] as number;
          if (byte === 0x22 || byte === 0x5c) break;
        }
        if (j === n) break;
        if (byte === 0x5c) escaped = true;
        else {
          inString = false;
          this.#checkFastString(this.#base + j, chunk, j + 1, true);
        }
        j += 1;
        continue;
      }
      const byte = chunk[j] as number;
      if (byte === 0x22) {
        run = -1;
        inString = true;
        this.#stringOffset = this.#base + j;
        this.#stringIsKey = false;
      } else if (byte === 0x7b || byte === 0x5b) {
        if (this.#startDepth + this.#depth - 1 + depth >= this.#maxDepth) {
          this.#failFast(
            'depth',
            this.#base + j,
            ` nests deeper than ${this.#maxDepth} levels`,
            'a value',
            this.#recordedWith(chunk, j + 1),
          );
        }
        depth += 1;
        run = -1;
      } else if (byte === 0x7d || byte === 0x5d) {
        run = -1;
        depth -= 1;
        if (depth === 0) {
          this.#depth -= 1;
          this.#endValue(chunk, j + 1);
          return j + 1;
        }
      } else if (byte === 0x2c || byte === 0x3a || isWhitespace(byte)) {
        run = -1;
      } else if (run < 0) {
        if (byte === 0x2d || isDigit(byte)) run = this.#base + j;
      } else if (this.#base + j - run + 1 > this.#maxString) {
        this.#failFast(
          'string-size',
          run,
          ` exceeds ${formatBytes(this.#maxString)}`,
          'a number',
          this.#recordedWith(chunk, j + 1),
        );
      }
      j += 1;
    }
    this.#fastDepth = depth;
    this.#fastInString = inString;
    this.#fastEscape = escaped;
    this.#fastRun = run;
    if (inString) this.#checkFastString(this.#base + n, chunk, n, false);
    return n;
  }

  /**
   * Checks the size of the string that started at `#stringOffset` and has reached offset `end` (its closing
   * quote when `closed`), `chunk` having been read up to `index`. An open string past the limit in the middle
   * of an escape is failed a little later, where a byte-by-byte scan fails it.
   */
  #checkFastString(end: number, chunk: Uint8Array, index: number, closed: boolean): void {
    if (end - this.#stringOffset - 1 > this.#maxString) {
      if (!closed) {
        this.#rescan(this.#recordedWith(chunk, index), false);
        return;
      }
      this.#failFast(
        'string-size',
        this.#stringOffset,
        ` exceeds ${formatBytes(this.#maxString)}`,
        'a string',
        this.#recordedWith(chunk, index),
      );
    }
  }

  /** The bytes recorded so far plus those of `chunk` before `end`. */
  #recordedWith(chunk: Uint8Array, end: number): Uint8Array {
    return Buffer.concat([...this.#recordParts, chunk.subarray(this.#recordFrom, end)]);
  }

  #checkRecording(): void {
    if (this.#recordBytes > this.#maxValue) {
      if (this.#state === S_FAST) this.#rescan(this.#recorded(), false);
      this.#fail(
        'value-size',
        this.#capturing ? this.#captureOffset : this.#stringOffset,
        ` exceeds ${formatBytes(this.#maxValue)}`,
        'a value',
      );
    }
  }
}
