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

/** Parses CSV text into records; an unterminated quote runs to the end of the text. */
export function parseCsv(text: string, delimiter: CsvDelimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0].trim() === '')) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += ch;
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
