import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runScan, type ScanDependencies } from '#cli/commands/scan';
import { parseSnapshotDocument } from '#shared/config-item/snapshot';
import { RuleEngine } from '#shared/rules/engine';
import { RULES } from '#shared/rules/registry';
import { captureIo } from '#test/support/cli-io';

const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-scan-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLE = new URL('../../../examples/sample-account-snapshot.json', import.meta.url).pathname;
const SAMPLE_TEXT = readFileSync(SAMPLE, 'utf8');
const SAMPLE_COMPACT = JSON.stringify(JSON.parse(SAMPLE_TEXT));
const NOW = '2026-11-23T12:00:00Z';

let files = 0;
function write(content: string | Uint8Array): string {
  files += 1;
  const path = join(dir, `input-${files}`);
  writeFileSync(path, content);
  return path;
}

async function scan(argv: string[], dependencies: ScanDependencies = {}) {
  const io = captureIo();
  const code = await runScan(['--now', NOW, ...argv], io, dependencies);
  return { code, out: io.out(), err: io.err() };
}

/** The contract for bad input: exit 2, nothing on stdout, exactly one line on stderr naming the file. */
async function expectRefused(path: string, extra: string[] = [], message?: RegExp): Promise<string> {
  const result = await scan(['--snapshot', path, '--format', 'json', ...extra]);
  expect(result.code, result.err).toBe(2);
  expect(result.out).toBe('');
  expect(result.err.endsWith('\n')).toBe(true);
  expect(result.err.trimEnd().split('\n')).toHaveLength(1);
  expect(result.err.startsWith(`vigil: ${path}: `)).toBe(true);
  if (message) expect(result.err.trimEnd()).toMatch(message);
  return result.err;
}

/** What scanning the sample gave before snapshots were streamed: JSON.parse of the whole text. */
function expectedFindings(text: string): unknown {
  const items = parseSnapshotDocument(JSON.parse(text), 'sample');
  const evaluations = new RuleEngine(RULES).scan(items, { now: new Date(NOW) });
  return { evaluations: evaluations.length, items: items.length };
}

describe('vigil scan on valid snapshots', () => {
  const expected = expectedFindings(SAMPLE_TEXT);

  it.each([
    ['plain, as delivered', () => SAMPLE_TEXT],
    ['compact', () => SAMPLE_COMPACT],
    ['with a UTF-8 byte order mark', () => `\uFEFF${SAMPLE_TEXT}`],
    ['gzipped', () => gzipSync(SAMPLE_TEXT)],
    ['gzipped with a byte order mark', () => gzipSync(`\uFEFF${SAMPLE_COMPACT}`)],
    ['as a bare array', () => JSON.stringify(JSON.parse(SAMPLE_TEXT).configurationItems)],
  ])('reads the sample %s to the same findings as JSON.parse did', async (_label, content) => {
    const reference = await scan(['--snapshot', SAMPLE, '--format', 'json']);
    const result = await scan(['--snapshot', write(content()), '--format', 'json']);
    expect(result.code).toBe(reference.code);
    expect(result.out).toBe(reference.out);
    const summary = JSON.parse(result.out).summary;
    expect({ evaluations: summary.evaluations, items: summary.itemsRead }).toEqual(expected);
  });

  it('writes --format json as JSON.stringify(…, null, 2) would, one finding at a time', async () => {
    const writes: string[] = [];
    const io = captureIo();
    const code = await runScan(['--now', NOW, '--snapshot', SAMPLE, '--format', 'json'], {
      ...io,
      stdout: { write: (text: string) => writes.push(text) },
    });
    expect(code).toBe(1);
    const out = writes.join('');
    expect(out).toBe(`${JSON.stringify(JSON.parse(out), null, 2)}\n`);
  });

  it('renders a huge resource id in every format without building one giant string', async () => {
    const document = JSON.parse(SAMPLE_COMPACT);
    const huge = `bucket-${'x'.repeat(2_000_000)}`;
    const bucket = document.configurationItems.find(
      (item: { resourceType: string }) => item.resourceType === 'AWS::S3::Bucket',
    );
    bucket.resourceId = huge;
    bucket.resourceName = huge;
    const path = write(JSON.stringify(document));
    await expectRefused(path, [], /a string at byte \d+ exceeds 1 MiB \(--max-string-bytes\)$/);
    const table = await scan(['--snapshot', path, '--max-string-bytes', '4M']);
    expect(table.code).toBe(1);
    // Every line naming the bucket is cut to a bounded width (the coverage rows list rule ids, not resources).
    const naming = table.out.split('\n').filter((line) => line.includes('bucket-xxx'));
    expect(naming.length).toBeGreaterThan(0);
    expect(Math.max(...naming.map((line) => line.length))).toBeLessThan(1500);
    expect(table.out).toContain(`${huge.slice(0, 255)}…`);
    const json = await scan(['--snapshot', path, '--max-string-bytes', '4M', '--format', 'json']);
    expect(
      JSON.parse(json.out).findings.some((finding: { resourceId: string }) => finding.resourceId === huge),
    ).toBe(true);
    const csv = await scan(['--snapshot', path, '--max-string-bytes', '4M', '--format', 'csv']);
    expect(csv.out).toContain(huge);
  });
});

describe('vigil scan on hostile files: exit 2 and one line on stderr, never a crash or a hang', () => {
  it('refuses a FIFO with no writer without opening it for reading', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await expectRefused(fifo, [], /is a FIFO \(named pipe\), not a regular file$/);
  });

  it('refuses /dev/zero, a directory and a missing file', async () => {
    await expectRefused(
      '/dev/zero',
      ['--max-input-bytes', '1K'],
      /is a character device, not a regular file$/,
    );
    await expectRefused(dir, [], /is a directory, not a regular file$/);
    await expectRefused(join(dir, 'missing.json'), [], /cannot read file \(ENOENT\)$/);
  });

  it('refuses an empty file and a file of whitespace', async () => {
    await expectRefused(write(''), [], /no JSON value \(empty or only whitespace\)$/);
    await expectRefused(write(' \n\t'), [], /no JSON value/);
  });

  it('refuses JSON truncated at any point, naming where it ends', async () => {
    const bytes = Buffer.from(SAMPLE_COMPACT);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: bytes.length - 1 }), async (cut) => {
        await expectRefused(write(bytes.subarray(0, cut)));
      }),
      { numRuns: 60 },
    );
    await expectRefused(
      write(bytes.subarray(0, 5000)),
      [],
      /the JSON ends early at byte 5000 \(truncated\?\)$/,
    );
  });

  it('refuses random bytes, plain or gzipped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), fc.boolean(), async (bytes, gzipped) => {
        await expectRefused(write(gzipped ? gzipSync(bytes) : bytes));
      }),
      { numRuns: 80 },
    );
  });

  it('refuses gzip data that is garbage or cut short', async () => {
    const gz = gzipSync(SAMPLE_COMPACT);
    await expectRefused(
      write(Buffer.concat([gz.subarray(0, 10), Buffer.alloc(200, 0xa5)])),
      [],
      /gzip data corrupt/,
    );
    await expectRefused(
      write(gz.subarray(0, gz.length >> 1)),
      [],
      /gzip data ends early at byte \d+ \(truncated\?\)$/,
    );
  });

  it('refuses invalid UTF-8 anywhere in a string, naming its byte', async () => {
    const bytes = Buffer.from(SAMPLE_COMPACT);
    const stringStarts = [...SAMPLE_COMPACT.matchAll(/":"/g)].map((match) => match.index + 3);
    const invalid = fc.constantFrom(
      [0xff],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xe2, 0x28, 0xa1],
      [0x80],
      [0xf8],
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...stringStarts), invalid, async (at, sequence) => {
        const mutated = Buffer.concat([bytes.subarray(0, at), Buffer.from(sequence), bytes.subarray(at)]);
        await expectRefused(write(mutated), [], new RegExp(`invalid UTF-8 at byte ${at}$`));
      }),
      { numRuns: 40 },
    );
  });

  it('refuses UTF-16', async () => {
    await expectRefused(write(Buffer.from(`\uFEFF${SAMPLE_COMPACT}`, 'utf16le')), [], /is UTF-16 text/);
  });

  it('refuses deep nesting, plain or as a gzip bomb', async () => {
    const deep = `{"configurationItems":[${'['.repeat(100_000)}`;
    await expectRefused(write(deep), [], /a value at byte 533 nests deeper than 512 levels$/);
    await expectRefused(
      write(gzipSync(deep)),
      [],
      /a value at byte 533 of the decompressed data nests deeper/,
    );
  });

  it('refuses a huge string at its start, and names the flag that raises the limit', async () => {
    const text = `[{"resourceId":"${'a'.repeat(300_000)}"}]`;
    await expectRefused(
      write(text),
      ['--max-string-bytes', '100K'],
      /a string at byte 15 exceeds 100 KiB \(--max-string-bytes\)$/,
    );
    await expectRefused(
      write(gzipSync(text)),
      ['--max-string-bytes', '100K'],
      /of the decompressed data exceeds 100 KiB/,
    );
  });

  it('refuses an item past 64 times the string limit', async () => {
    const item = JSON.stringify({
      resourceId: 'x',
      configuration: { list: Array.from({ length: 20_000 }, () => 'abcdefgh') },
    });
    await expectRefused(
      write(`[${item}]`),
      ['--max-string-bytes', '1K'],
      /a value at byte 1 exceeds 64 KiB \(an item may be 64 × --max-string-bytes\)$/,
    );
  });

  it('refuses gzip bombs past the decompressed cap, and plain files past it before reading', async () => {
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100_000);
    await expectRefused(
      write(bomb),
      ['--max-input-bytes', '1M'],
      /decompressed data exceeds 1 MiB \(--max-input-bytes\)$/,
    );
    const stringBomb = gzipSync(Buffer.concat([Buffer.from('["'), Buffer.alloc(16 * 1024 * 1024, 0x61)]));
    await expectRefused(write(stringBomb), [], /a string at byte 1 of the decompressed data exceeds 1 MiB/);
    await expectRefused(
      write(SAMPLE_TEXT),
      ['--max-input-bytes', '1K'],
      /the file is .+, more than 1 KiB \(--max-input-bytes\)$/,
    );
  });

  it('refuses a bad size flag', async () => {
    const result = await scan(['--snapshot', SAMPLE, '--max-input-bytes', 'lots']);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      "vigil: scan: --max-input-bytes 'lots' is not a size (e.g. 4GiB, 512M, 1048576)\n",
    );
  });

  it('stops reading when the items fill half of the heap, rather than running out of memory', async () => {
    const document = JSON.parse(SAMPLE_COMPACT);
    const many = Array.from({ length: 1100 }, (_, index) => ({
      ...document.configurationItems[0],
      resourceId: `r-${index}`,
    }));
    const path = write(JSON.stringify(many));
    const result = await scan(['--snapshot', path], { heapUsage: () => ({ used: 600, limit: 1000 }) });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^vigil: scan: .+: 1024 items fill half of the 1000 bytes heap; /);
    expect(result.err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('never exits 3 on mutated snapshots', async () => {
    const bytes = Buffer.from(SAMPLE_COMPACT);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        async (edits) => {
          const mutated = Buffer.from(bytes);
          for (const [at, byte] of edits) mutated[at] = byte;
          const result = await scan(['--snapshot', write(mutated), '--format', 'json']);
          expect([0, 1, 2]).toContain(result.code);
          if (result.code === 2) expect(result.err.trimEnd().split('\n')).toHaveLength(1);
        },
      ),
      { numRuns: 60 },
    );
  });
});
