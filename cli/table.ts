/** One cell: its plain text (what widths are measured on) and an optional colouring applied after padding. */
export interface Cell {
  readonly text: string;
  readonly style?: (text: string) => string;
}

/** Options of a rendered table. */
export interface TableOptions {
  /** Spaces before every line. */
  readonly indent?: number;
  /** Terminal width: the last column is cut with an ellipsis to fit it. */
  readonly width?: number;
  /** Cells of the other columns are cut to this many characters (so one huge value cannot widen them all). */
  readonly maxCellWidth?: number;
}

const GAP = '  ';

/** Truncates plain text to `max` characters, marking the cut. */
export function ellipsize(text: string, max: number): string {
  if (max <= 0) return '';
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Widths of the columns of these rows (the last column's too, though it is never padded). */
export function columnWidths(rows: Iterable<readonly Cell[]>, options: TableOptions = {}): number[] {
  const cap = options.maxCellWidth ?? Number.POSITIVE_INFINITY;
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, Math.min(cell.text.length, cap));
    });
  }
  return widths;
}

/** One row of a table whose column widths are known, the last column unpadded. */
export function renderRow(
  row: readonly Cell[],
  widths: readonly number[],
  options: TableOptions = {},
): string {
  const indent = ' '.repeat(options.indent ?? 0);
  let used = indent.length;
  const parts = row.map((cell, index) => {
    const last = index === row.length - 1;
    let text = cell.text;
    if (last) {
      if (options.width !== undefined) text = ellipsize(text, Math.max(options.width - used, 16));
    } else {
      if (options.maxCellWidth !== undefined) text = ellipsize(text, options.maxCellWidth);
      text = text.padEnd(widths[index] ?? 0);
      used += text.length + GAP.length;
    }
    return cell.style ? cell.style(text) : text;
  });
  return `${indent}${parts.join(GAP)}`.trimEnd();
}

/**
 * Renders rows as aligned columns (the last one unpadded, so long annotations are never padded); the
 * header row, if any, is just the first row.
 */
export function renderTable(rows: readonly (readonly Cell[])[], options: TableOptions = {}): string[] {
  const widths = columnWidths(rows, options);
  return rows.map((row) => renderRow(row, widths, options));
}
