import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ScratchDir, ScratchFileError, SpillSorter } from '#cli/spill-sort';

const parent = mkdtempSync(join(tmpdir(), 'vigil-spill-sort-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

interface Row {
  readonly key: string;
  readonly added: number;
}

function sorter(scratch: ScratchDir, maxBufferBytes: number): SpillSorter<Row> {
  return new SpillSorter<Row>({
    compare: (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    serialize: (row) => JSON.stringify(row),
    deserialize: (line) => JSON.parse(line) as Row,
    sizeOf: (row) => row.key.length + 16,
    maxBufferBytes,
    scratch,
    name: 'rows',
  });
}

function stableSort(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

describe('SpillSorter', () => {
  it('sorts in memory, touching no disk, while the records fit in the buffer', () => {
    const scratch = new ScratchDir(join(parent, 'never-created'));
    const rows = sorter(scratch, 1024 * 1024);
    const input = ['b', 'a', 'c', 'a'].map((key, added) => ({ key, added }));
    for (const row of input) rows.add(row);
    expect([...rows.sorted()]).toEqual(stableSort(input));
    expect(rows.runsWritten).toBe(0);
    expect(existsSync(join(parent, 'never-created'))).toBe(false);
  });

  it('sorts as a stable in-memory sort would, whatever the buffer (runs merged 128 at a time past 128)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 3, unit: fc.constantFrom('a', 'b', 'é', '\u2028', '"', '\\') }), {
          maxLength: 400,
        }),
        fc.integer({ min: 1, max: 200 }),
        (keys, bufferBytes) => {
          const scratch = new ScratchDir(parent);
          try {
            const rows = sorter(scratch, bufferBytes);
            const input = keys.map((key, added) => ({ key, added }));
            for (const row of input) rows.add(row);
            expect([...rows.sorted()]).toEqual(stableSort(input));
          } finally {
            scratch.remove();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('merges more runs than it opens at once', () => {
    const scratch = new ScratchDir(parent);
    try {
      const rows = sorter(scratch, 1);
      const input = Array.from({ length: 300 }, (_, added) => ({ key: String((added * 37) % 101), added }));
      for (const row of input) rows.add(row);
      expect(rows.runsWritten).toBe(300);
      expect([...rows.sorted()]).toEqual(stableSort(input));
    } finally {
      scratch.remove();
    }
  });

  it('reads back lines longer than its read chunk, and deletes each run once read', () => {
    const scratch = new ScratchDir(parent);
    try {
      const rows = sorter(scratch, 1);
      const input = ['y', 'x'.repeat(200_000), 'z'].map((key, added) => ({ key, added }));
      for (const row of input) rows.add(row);
      const dir = join(scratch.file('probe'), '..');
      expect(readdirSync(dir)).toHaveLength(3);
      expect([...rows.sorted()].map((row) => row.key.length)).toEqual([200_000, 1, 1]);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      scratch.remove();
    }
  });

  it('refuses add() after sorted(), and a second sorted()', () => {
    const rows = sorter(new ScratchDir(parent), 1024);
    rows.add({ key: 'a', added: 0 });
    expect([...rows.sorted()]).toHaveLength(1);
    expect(() => rows.add({ key: 'b', added: 1 })).toThrow(/after sorted/);
    expect(() => [...rows.sorted()]).toThrow(/twice/);
  });
});

describe('ScratchDir', () => {
  it('creates its directory on first use and removes it with its files', () => {
    const scratch = new ScratchDir(parent);
    const before = readdirSync(parent).length;
    const rows = sorter(scratch, 1);
    rows.add({ key: 'a', added: 0 });
    expect(readdirSync(parent)).toHaveLength(before + 1);
    scratch.remove();
    scratch.remove();
    expect(readdirSync(parent)).toHaveLength(before);
  });

  it('names the directory and the cause when it cannot create it', () => {
    const scratch = new ScratchDir(join(parent, 'missing', 'dir'));
    const rows = sorter(scratch, 1);
    expect(() => rows.add({ key: 'a', added: 0 })).toThrow(ScratchFileError);
    expect(() => scratch.file('x')).toThrow(
      /cannot create scratch file .+missing.+ \(ENOENT\); point TMPDIR/,
    );
  });
});
