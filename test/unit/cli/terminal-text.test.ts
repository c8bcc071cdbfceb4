import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  displayWidth,
  padToWidth,
  printable,
  truncateEnd,
  truncateMiddle,
  wrapParts,
} from '#cli/terminal-text';

const ESC = String.fromCharCode(27);

describe('printable', () => {
  it('leaves ordinary text alone', () => {
    const text = 'arn:aws:s3:::acme-logs (Büro, 東京)';
    expect(printable(text)).toBe(text);
  });

  it('turns line breaks and tabs into spaces, so a cell stays on its line', () => {
    expect(printable('anyone\non the\tinternet\r\n')).toBe('anyone on the internet  ');
  });

  it.each([
    ['an escape sequence that would recolour the terminal', `${ESC}[31mred`, '\uFFFD[31mred'],
    ['a C1 control (CSI)', '\u009b2J', '\uFFFD2J'],
    ['DEL', 'a\u007fb', 'a\uFFFDb'],
    ['a right-to-left override that would reorder what is shown', 'abc\u202Etxt.exe', 'abc\uFFFDtxt.exe'],
    ['an isolate', '\u2066x\u2069', '\uFFFDx\uFFFD'],
  ])('replaces %s', (_label, text, expected) => {
    expect(printable(text)).toBe(expected);
  });
});

describe('displayWidth', () => {
  it.each([
    ['ASCII', 'restricted-ssh', 14],
    ['Latin-1 and accents', 'Büro', 4],
    ['CJK, two columns each', '東京', 4],
    ['fullwidth forms', 'ＡＢ', 4],
    ['an emoji', 'ok 🔒', 5],
    ['a combining mark, zero columns', 'e\u0301', 1],
    ['a zero-width joiner', 'a\u200db', 2],
  ])('measures %s', (_label, text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('truncateEnd', () => {
  it('keeps text that fits and marks a cut with an ellipsis', () => {
    expect(truncateEnd('Retention is 30 days.', 21)).toBe('Retention is 30 days.');
    expect(truncateEnd('Retention is 30 days.', 10)).toBe('Retention…');
    expect(truncateEnd('anything', 0)).toBe('');
  });

  it('never splits a surrogate pair or a wide character', () => {
    expect(truncateEnd('🔒🔒🔒', 4)).toBe('🔒…');
    expect(truncateEnd('東京都', 4)).toBe('東…');
  });
});

describe('truncateMiddle', () => {
  it('keeps the start and, with more room, the distinguishing end of an ARN', () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:pricing-preview';
    const cut = truncateMiddle(arn, 30);
    expect(cut).toBe('arn:aws:l…tion:pricing-preview');
    expect(cut).toHaveLength(30);
  });

  it('returns text that fits unchanged and an ellipsis when only one column is left', () => {
    expect(truncateMiddle('sg-0a1b', 7)).toBe('sg-0a1b');
    expect(truncateMiddle('sg-0a1b', 1)).toBe('…');
    expect(truncateMiddle('sg-0a1b', 0)).toBe('');
  });

  it('cuts any text to at most the width asked for, whole code points only, and leaves text that fits alone', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.integer({ min: 0, max: 70 }),
        (raw, max) => {
          const text = printable(raw);
          for (const cut of [truncateMiddle(text, max), truncateEnd(text, max)]) {
            expect(displayWidth(cut)).toBeLessThanOrEqual(max);
            expect(cut).not.toMatch(/\p{Cs}/u);
            if (displayWidth(text) <= max) expect(cut).toBe(text);
          }
        },
      ),
    );
  });
});

describe('padToWidth', () => {
  it('pads by columns, not UTF-16 units', () => {
    expect(padToWidth('東京', 6)).toBe('東京  ');
    expect(padToWidth('too long', 3)).toBe('too long');
  });
});

describe('wrapParts', () => {
  const parts = [
    { text: 'Summary:' },
    { text: '78 NON_COMPLIANT', joiner: ' ' },
    { text: '0 ERROR' },
    { text: '105 COMPLIANT', styled: '<green>105 COMPLIANT</green>' },
  ];

  it('keeps parts whole, moving one that does not fit to a continuation line', () => {
    expect(wrapParts(parts, 80, '', '  ')).toEqual([
      'Summary: 78 NON_COMPLIANT · 0 ERROR · <green>105 COMPLIANT</green>',
    ]);
    expect(wrapParts(parts, 36, '', '  ')).toEqual([
      'Summary: 78 NON_COMPLIANT · 0 ERROR',
      '  <green>105 COMPLIANT</green>',
    ]);
  });

  it('cuts a part longer than a whole line, and then drops its colouring rather than cut inside it', () => {
    expect(wrapParts(parts, 10, '', '')).toEqual(['Summary:', '78 NON_CO…', '0 ERROR', '105 COMPL…']);
  });
});
