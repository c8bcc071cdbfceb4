import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonStreamError } from '#shared/config-item/errors';
import {
  type JsonPath,
  type JsonStreamLimits,
  JsonStreamScanner,
  type JsonValueAction,
  type JsonValueKind,
} from '#shared/config-item/json-stream';

const ROOMY: JsonStreamLimits = { maxStringBytes: 1 << 20, maxValueBytes: 1 << 24, maxDepth: 10_000 };
const utf8 = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Splits bytes at the given cut points (sorted, deduplicated, in range). */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

/** Captures the root value: what JSON.parse would return. */
function parseRoot(chunks: readonly Uint8Array[], limits: JsonStreamLimits = ROOMY): unknown {
  let result: unknown;
  const scanner = new JsonStreamScanner(
    {
      onValueStart: () => 'capture',
      onValue: (_path, value) => {
        result = value;
      },
    },
    limits,
  );
  for (const chunk of chunks) scanner.write(chunk);
  scanner.end();
  return result;
}

/** Skips the root value: only validates. */
function validate(chunks: readonly Uint8Array[], limits: JsonStreamLimits = ROOMY): void {
  const scanner = new JsonStreamScanner({ onValueStart: () => 'skip', onValue: () => undefined }, limits);
  for (const chunk of chunks) scanner.write(chunk);
  scanner.end();
}

function errorOf(run: () => unknown): JsonStreamError {
  try {
    run();
  } catch (error) {
    if (error instanceof JsonStreamError) return error;
    throw error;
  }
  throw new Error('expected a JsonStreamError');
}

/** What the platform says: strict UTF-8, then JSON.parse. */
function platformAccepts(bytes: Uint8Array): boolean {
  try {
    JSON.parse(strictDecoder.decode(bytes));
    return true;
  } catch {
    return false;
  }
}

function scannerAccepts(chunks: readonly Uint8Array[]): boolean {
  try {
    validate(chunks);
    return true;
  } catch (error) {
    if (error instanceof JsonStreamError) return false;
    throw error;
  }
}

const cutsArbitrary = fc.array(fc.nat(), { maxLength: 8 });

describe('JsonStreamScanner', () => {
  it('captures any JSON value as JSON.parse reads it, however the bytes are split', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), cutsArbitrary, (value, pretty, cuts) => {
        const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
        expect(parseRoot(split(utf8.encode(text), cuts))).toEqual(JSON.parse(text));
      }),
    );
  });

  it('accepts exactly what strict UTF-8 decoding plus JSON.parse accept, on mutated documents', () => {
    const mutation = fc.tuple(
      fc.constantFrom('delete', 'insert', 'replace', 'truncate'),
      fc.nat(),
      fc.integer({ min: 0, max: 255 }),
    );
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        cutsArbitrary,
        (value, mutations, cuts) => {
          let bytes = Array.from(utf8.encode(JSON.stringify(value)));
          for (const [kind, at, byte] of mutations) {
            const index = at % (bytes.length + 1);
            if (kind === 'delete') bytes.splice(index, 1);
            else if (kind === 'insert') bytes.splice(index, 0, byte);
            else if (kind === 'replace' && index < bytes.length) bytes[index] = byte;
            else if (kind === 'truncate') bytes = bytes.slice(0, index);
          }
          const array = Uint8Array.from(bytes);
          expect(scannerAccepts(split(array, cuts))).toBe(platformAccepts(array));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('names the same first problem whether a value is captured (delimited, then parsed) or scanned byte by byte', () => {
    const outcome = (run: () => unknown): string => {
      try {
        run();
        return 'ok';
      } catch (error) {
        if (error instanceof JsonStreamError) return error.message;
        throw error;
      }
    };
    const mutation = fc.tuple(
      fc.constantFrom('delete', 'insert', 'replace'),
      fc.nat(),
      fc.integer({ min: 0, max: 255 }),
    );
    const limits = fc.record({
      maxStringBytes: fc.integer({ min: 1, max: 40 }),
      maxValueBytes: fc.constant(1 << 24),
      maxDepth: fc.integer({ min: 1, max: 8 }),
    });
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.array(mutation, { maxLength: 3 }),
        limits,
        cutsArbitrary,
        (value, mutations, limit, cuts) => {
          const bytes = Array.from(utf8.encode(JSON.stringify([value])));
          for (const [kind, at, byte] of mutations) {
            const index = at % (bytes.length + 1);
            if (kind === 'delete') bytes.splice(index, 1);
            else if (kind === 'insert') bytes.splice(index, 0, byte);
            else if (index < bytes.length) bytes[index] = byte;
          }
          const chunks = split(Uint8Array.from(bytes), cuts);
          const captureItems = (): void => {
            const scanner = new JsonStreamScanner(
              {
                onValueStart: (path) => (path.length === 0 ? 'descend' : 'capture'),
                onValue: () => undefined,
              },
              limit,
            );
            for (const chunk of chunks) scanner.write(chunk);
            scanner.end();
          };
          expect(outcome(captureItems)).toBe(outcome(() => validate(chunks, limit)));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('accepts exactly what the platform accepts on random bytes and random strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 24 }),
          fc.string({ unit: 'binary', maxLength: 24 }).map((text) => utf8.encode(text)),
        ),
        cutsArbitrary,
        (bytes, cuts) => {
          expect(scannerAccepts(split(bytes, cuts))).toBe(platformAccepts(bytes));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['{"a":x}', 5, "not JSON at byte 5: expected a value, found 'x'"],
    ['[1,]', 3, "not JSON at byte 3: expected a value, found ']'"],
    ['{"a" 1}', 5, "not JSON at byte 5: expected ':', found '1'"],
    ['{"a":1,}', 7, "not JSON at byte 7: expected a property name, found '}'"],
    ['{1:2}', 1, "not JSON at byte 1: expected a property name or '}', found '1'"],
    ['[1 2]', 3, "not JSON at byte 3: expected ',' or ']', found '2'"],
    ['{"a":1]', 6, "not JSON at byte 6: expected ',' or '}', found ']'"],
    ['{} {}', 3, "not JSON at byte 3: more data after the JSON value ('{')"],
    ['"a\tb"', 2, 'not JSON at byte 2: unescaped control character byte 0x09 in a string'],
    ['"\\x"', 1, "not JSON at byte 1: invalid escape in a string (\\ then 'x')"],
    ['"\\u12g4"', 5, "not JSON at byte 5: expected a hex digit of a \\u escape, found 'g'"],
    ['-x', 1, "not JSON at byte 1: expected a digit, found 'x'"],
    ['[1.]', 3, "not JSON at byte 3: expected a digit, found ']'"],
    ['tru!', 3, "not JSON at byte 3: expected 'true', found '!'"],
    ['\uFEFF{}', 0, 'not JSON at byte 0: expected a value, found byte 0xEF'],
  ])('names the byte of a syntax error in %j', (text, offset, message) => {
    const error = errorOf(() => validate([utf8.encode(text)]));
    expect(error.problem).toBe('syntax');
    expect(error.offset).toBe(offset);
    expect(error.message).toBe(message);
  });

  it.each([
    [[0x22, 0xc3, 0x28, 0x22], 1],
    [[0x22, 0x61, 0xff, 0x22], 2],
    [[0x22, 0xed, 0xa0, 0x80, 0x22], 1],
    [[0x22, 0xe0, 0x80, 0xaf, 0x22], 1],
    [[0x22, 0xf4, 0x90, 0x80, 0x80, 0x22], 1],
    [[0x22, 0x80, 0x22], 1],
  ])('names the byte where invalid UTF-8 starts in %j', (bytes, offset) => {
    const error = errorOf(() => validate([Uint8Array.from(bytes)]));
    expect(error.problem).toBe('utf8');
    expect(error.message).toBe(`invalid UTF-8 at byte ${offset}`);
  });

  it('counts offsets across chunks and from a start offset', () => {
    const error = errorOf(() =>
      validate([utf8.encode('[1,'), utf8.encode('2,'), utf8.encode('x]')], { ...ROOMY, startOffset: 3 }),
    );
    expect(error.offset).toBe(8);
  });

  it.each([
    ['', 'empty', 'no JSON value (empty or only whitespace)'],
    ['  \n', 'empty', 'no JSON value (empty or only whitespace)'],
    ['{"a":[1,2', 'truncated', 'the JSON ends early at byte 9 (truncated?)'],
    ['"abc', 'truncated', 'the JSON ends early at byte 4 (truncated?)'],
    ['-', 'truncated', 'the JSON ends early at byte 1 (truncated?)'],
    ['nul', 'truncated', 'the JSON ends early at byte 3 (truncated?)'],
  ])('says when %j ends early or is empty', (text, problem, message) => {
    const error = errorOf(() => validate([utf8.encode(text)]));
    expect(error.problem).toBe(problem);
    expect(error.message).toBe(message);
  });

  it('reads a number that ends the document', () => {
    expect(parseRoot([utf8.encode('-12.5e'), utf8.encode('+3')])).toBe(-12.5e3);
  });

  it('refuses a string or a number longer than the string limit, naming where it starts', () => {
    const limits = { ...ROOMY, maxStringBytes: 8 };
    expect(parseRoot([utf8.encode('["12345678"]')], limits)).toEqual(['12345678']);
    const string = errorOf(() => validate([utf8.encode('[1, "123456789"]')], limits));
    expect(string.problem).toBe('string-size');
    expect(string.message).toBe('a string at byte 4 exceeds 8 bytes');
    const key = errorOf(() => validate([utf8.encode('{"123456789":1}')], limits));
    expect(key.message).toBe('a property name at byte 1 exceeds 8 bytes');
    const number = errorOf(() => validate([utf8.encode('[1234567890]')], limits));
    expect(number.message).toBe('a number at byte 1 exceeds 8 bytes');
  });

  it('refuses a huge string in small chunks long before it ends', () => {
    const scanner = new JsonStreamScanner(
      { onValueStart: () => 'skip', onValue: () => undefined },
      { ...ROOMY, maxStringBytes: 1024 },
    );
    scanner.write(utf8.encode('"'));
    const chunk = new Uint8Array(100).fill(0x61);
    const error = errorOf(() => {
      for (let sent = 0; sent < 1_000_000; sent += chunk.length) scanner.write(chunk);
    });
    expect(error.problem).toBe('string-size');
    expect(error.offset).toBe(0);
    expect(() => scanner.write(chunk)).toThrow('write after an error');
  });

  it('refuses a captured value past the value limit', () => {
    const error = errorOf(() =>
      parseRoot([utf8.encode('[1,'), utf8.encode('2,3,4,5,6,7]')], { ...ROOMY, maxValueBytes: 8 }),
    );
    expect(error.problem).toBe('value-size');
    expect(error.message).toBe('a value at byte 0 exceeds 8 bytes');
  });

  it('refuses nesting past the depth limit without recursion', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const error = errorOf(() => validate([utf8.encode(deep)], { ...ROOMY, maxDepth: 64 }));
    expect(error.problem).toBe('depth');
    expect(error.message).toBe('a value at byte 64 nests deeper than 64 levels');
    expect(parseRoot([utf8.encode('[[[]]]')], { ...ROOMY, maxDepth: 3 })).toEqual([[[]]]);
  });

  it('reports values by path, descending where asked and capturing where asked', () => {
    const seen: [string, JsonValueKind][] = [];
    const captured: [string, unknown, number][] = [];
    const text = '{"meta":{"v":1},"items":[{"id":"a"},{"id":"b"}],"tail":[true]}';
    const scanner = new JsonStreamScanner(
      {
        onValueStart: (path: JsonPath, kind: JsonValueKind): JsonValueAction => {
          seen.push([path.join('.'), kind]);
          if (path.length === 0) return 'descend';
          if (path.length === 1) return path[0] === 'items' ? 'descend' : 'skip';
          return 'capture';
        },
        onValue: (path, value, offset) => captured.push([path.join('.'), value, offset]),
      },
      ROOMY,
    );
    for (const chunk of split(utf8.encode(text), [3, 17, 30, 31])) scanner.write(chunk);
    scanner.end();
    expect(seen).toEqual([
      ['', 'object'],
      ['meta', 'object'],
      ['items', 'array'],
      ['items.0', 'object'],
      ['items.1', 'object'],
      ['tail', 'array'],
    ]);
    expect(captured).toEqual([
      ['items.0', { id: 'a' }, 25],
      ['items.1', { id: 'b' }, 36],
    ]);
  });

  it('validates skipped values all the same', () => {
    const error = errorOf(() => validate([utf8.encode('{"a":[1,{"b":nope}]}')]));
    expect(error.offset).toBe(14);
  });
});
