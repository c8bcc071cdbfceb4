/**
 * Plain text for a terminal: what a string looks like in columns, how to cut it to a width, and how to keep
 * a snapshot's strings from steering the terminal.
 */

const REPLACEMENT = '\uFFFD';
const ELLIPSIS = '…';

/** C0 and C1 controls and DEL: a terminal acts on them (cursor moves, colours, titles) instead of printing. */
function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code < 0xa0);
}

/** Bidirectional formatting characters, which make a terminal show text in another order than it is. */
function isBidiControl(code: number): boolean {
  return (
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** Tab, line feed, vertical tab, form feed and carriage return: shown as a space, so a row stays one line. */
function isLayoutControl(code: number): boolean {
  return code >= 0x09 && code <= 0x0d;
}

/**
 * Makes text safe to print in one cell of one line: line breaks and tabs become spaces, every other control
 * or bidirectional formatting character becomes U+FFFD, so a resource name cannot move the cursor, recolour
 * the terminal or split a row.
 */
export function printable(text: string): string {
  let clean = true;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (isControl(code) || isBidiControl(code)) {
      clean = false;
      break;
    }
  }
  if (clean) return text;
  let out = '';
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (isLayoutControl(code)) out += ' ';
    else if (isControl(code) || isBidiControl(code)) out += REPLACEMENT;
    else out += text.charAt(index);
  }
  return out;
}

/** Code points a terminal shows in two columns: Hangul Jamo, CJK, Hangul syllables, fullwidth forms. */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x3fffd],
];
const COMBINING_MARK = /^[\p{Mn}\p{Me}]$/u;
const EMOJI = /^\p{Emoji_Presentation}$/u;
const NARROW_TEXT = /^[\u0020-\u007e\u00a0-\u02ff]*$/;

/** Zero-width space, joiners, word joiner, variation selectors and the byte order mark. */
function isZeroWidth(code: number): boolean {
  return (
    (code >= 0x200b && code <= 0x200d) ||
    code === 0x2060 ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    code === 0xfeff
  );
}

/**
 * Columns one code point takes: 0 for combining marks and joiners, 2 for East Asian wide characters and
 * emoji, otherwise 1 (an approximation of wcwidth: it may overestimate a joined emoji sequence, which only
 * leaves a line shorter).
 */
export function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x300) return 1;
  if (isZeroWidth(code) || COMBINING_MARK.test(char)) return 0;
  if (EMOJI.test(char)) return 2;
  return WIDE_RANGES.some(([from, to]) => code >= from && code <= to) ? 2 : 1;
}

/** Columns text takes on a terminal (after {@link printable}). */
export function displayWidth(text: string): number {
  if (NARROW_TEXT.test(text)) return text.length;
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** The longest start of text that takes at most `max` columns, never splitting a code point. */
function head(text: string, max: number): string {
  let width = 0;
  let end = 0;
  for (const char of text) {
    const next = width + charWidth(char);
    if (next > max) break;
    width = next;
    end += char.length;
  }
  return text.slice(0, end);
}

/** The longest end of text that takes at most `max` columns, never splitting a code point. */
function tail(text: string, max: number): string {
  let width = 0;
  let start = text.length;
  while (start > 0) {
    let from = start - 1;
    const code = text.charCodeAt(from);
    if (code >= 0xdc00 && code <= 0xdfff && from > 0) {
      const high = text.charCodeAt(from - 1);
      if (high >= 0xd800 && high <= 0xdbff) from -= 1;
    }
    const next = width + charWidth(text.slice(from, start));
    if (next > max) break;
    width = next;
    start = from;
  }
  return text.slice(start);
}

/** Cuts text to `max` columns, marking the cut with an ellipsis at the end. */
export function truncateEnd(text: string, max: number): string {
  if (max <= 0) return '';
  if (displayWidth(text) <= max) return text;
  return `${head(text, max - 1)}${ELLIPSIS}`;
}

/**
 * Cuts text to `max` columns by replacing its middle with an ellipsis, keeping a third of the room for the
 * start and the rest for the end, where ARNs and resource ids keep their distinguishing part.
 */
export function truncateMiddle(text: string, max: number): string {
  if (max <= 0) return '';
  if (displayWidth(text) <= max) return text;
  if (max === 1) return ELLIPSIS;
  const start = Math.floor((max - 1) / 3);
  const kept = head(text, start);
  return `${kept}${ELLIPSIS}${tail(text, max - 1 - displayWidth(kept))}`;
}

/** Pads text with spaces to `width` columns. */
export function padToWidth(text: string, width: number): string {
  const missing = width - displayWidth(text);
  return missing > 0 ? `${text}${' '.repeat(missing)}` : text;
}

/** A piece of a line that may move to the next one as a whole. */
export interface Part {
  readonly text: string;
  readonly style?: (text: string) => string;
  /** Written before the part when it follows another on the same line (default ` · `). */
  readonly joiner?: string;
  /** The whole text already coloured, used instead of `style` when the text is not cut. */
  readonly styled?: string;
}

/** Lays parts out on lines of at most `width` columns, continuing on lines that start with `continuation`. */
export function wrapParts(
  parts: readonly Part[],
  width: number,
  indent: string,
  continuation: string,
): string[] {
  const lines: string[] = [];
  let line = indent;
  let used = displayWidth(indent);
  let empty = true;
  for (const part of parts) {
    const joiner = part.joiner ?? ' · ';
    if (!empty && used + joiner.length + displayWidth(part.text) > width) {
      lines.push(line);
      line = continuation;
      used = displayWidth(continuation);
      empty = true;
    }
    if (!empty) {
      line += joiner;
      used += joiner.length;
    }
    const text = truncateEnd(part.text, width - used);
    if (part.styled !== undefined && text === part.text) line += part.styled;
    else line += part.style ? part.style(text) : text;
    used += displayWidth(text);
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines;
}
