import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvRow } from '#shared/export/csv';
import { parseCsv } from './csv-parse';

describe('csv: RFC 4180 records', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['@cmd', "'@cmd"],
    ['-1+2', "'-1+2"],
  ])('%j is written as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('writes numbers as they are and null/undefined as empty fields', () => {
    expect(csvRow([1, null, undefined, true, -3])).toBe('1,,,true,-3\r\n');
  });

  it('reads back what it writes for any text (formula starts aside)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), { maxLength: 5 }),
        (rows) => {
          const safe = rows.map((row) => row.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `x${cell}` : cell)));
          const text = safe.map((row) => csvRow(row)).join('');
          expect(parseCsv(text)).toEqual(safe);
        },
      ),
    );
  });
});
