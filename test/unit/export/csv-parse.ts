/** A strict RFC 4180 reader for tests: CRLF records, quoted fields with doubled quotes; throws on anything else. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let index = 0;
  while (index < text.length) {
    let field = '';
    if (text[index] === '"') {
      index++;
      for (;;) {
        const quote = text.indexOf('"', index);
        if (quote === -1) throw new Error('unterminated quoted field');
        field += text.slice(index, quote);
        if (text[quote + 1] === '"') {
          field += '"';
          index = quote + 2;
        } else {
          index = quote + 1;
          break;
        }
      }
    } else {
      const end = text.slice(index).search(/[,\r\n"]/);
      const stop = end === -1 ? text.length : index + end;
      if (text[stop] === '"') throw new Error(`bare quote at ${stop}`);
      field = text.slice(index, stop);
      index = stop;
    }
    row.push(field);
    if (text[index] === ',') {
      index++;
    } else if (text.startsWith('\r\n', index)) {
      rows.push(row);
      row = [];
      index += 2;
    } else if (index < text.length) {
      throw new Error(`unexpected ${JSON.stringify(text[index])} at ${index}`);
    }
  }
  if (row.length > 0) throw new Error('last record has no CRLF');
  return rows;
}
