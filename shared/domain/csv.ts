/** Minimal RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, a chosen delimiter. */

export type CsvDelimiter = ',' | ';' | '\t';

/** A parsed record with the 1-based line it started on, for error messages. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** Guesses the delimiter from the first line: tab (spreadsheet paste), semicolon (European Excel) or comma. */
export function detectDelimiter(text: string): CsvDelimiter {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (ch: string) => first.split(ch).length - 1;
  if (count('\t') > 0) return '\t';
  return count(';') > count(',') ? ';' : ',';
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

function countLineFeeds(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/**
 * Parses CSV text into records; an unterminated quote runs to the end of the text. Runs of plain
 * characters and quoted sections are copied with one slice each rather than character by
 * character, so a large file parses in linear time without building millions of small strings.
 */
export function parseCsv(text: string, delimiter: CsvDelimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const n = body.length;
  const delim = delimiter.charCodeAt(0);
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0].trim() === '')) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  let i = 0;
  while (i < n) {
    const ch = body.charCodeAt(i);
    if (ch === QUOTE && cell.trim() === '') {
      // A quoted section: up to the closing quote, with "" standing for one quote.
      cell = '';
      let from = i + 1;
      for (;;) {
        const q = body.indexOf('"', from);
        const chunk = body.slice(from, q < 0 ? n : q);
        cell += chunk;
        line += countLineFeeds(chunk);
        if (q < 0) {
          i = n;
          break;
        }
        if (body.charCodeAt(q + 1) === QUOTE) {
          cell += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
    } else if (ch === delim) {
      cells.push(cell);
      cell = '';
      i++;
    } else if (ch === LF || ch === CR) {
      if (ch === CR && body.charCodeAt(i + 1) === LF) i++;
      endRecord();
      line++;
      recordLine = line;
      i++;
    } else {
      // Plain characters (a quote inside an unquoted cell is one of them) up to the next special one.
      let j = i + 1;
      while (j < n) {
        const c = body.charCodeAt(j);
        if (c === delim || c === CR || c === LF || c === QUOTE) break;
        j++;
      }
      cell += body.slice(i, j);
      i = j;
    }
  }
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}

/** Spreadsheets run cells that start like a formula; a leading apostrophe keeps them text. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Quotes one CSV cell when needed and defuses formula-like text. */
export function formatCsvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",;\r\n\t]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Undoes formatCsvCell's formula guard on import. */
export function unguardCsvCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** Formats rows as CSV with CRLF line ends (what spreadsheets expect). */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(formatCsvCell).join(',')).join('\r\n') + '\r\n';
}
