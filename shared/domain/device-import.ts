import { validateAddress } from './address';
import { detectDelimiter, parseCsv, unguardCsvCell, type CsvRecord } from './csv';
import { NameSchema, nameKey } from './common';
import { DeviceExportFileSchema } from './device-export';
import { normalizeFingerprint } from './fingerprint';
import { FolderSchema, splitFolderPath } from './folder';
import { DeviceInputSchema, type TlsMode } from './device';

/** One device to import, as read from the text, with what is wrong with it (empty when it can be added). */
export interface DeviceImportRow {
  /** 1-based line (CSV/list) or 1-based position (JSON) in the source. */
  line: number;
  name: string;
  address: string;
  tlsMode?: TlsMode;
  port?: number;
  credentialName?: string;
  tags: string[];
  folderPath?: string;
  notes?: string;
  tlsFingerprint?: string;
  /** Plain HTTP chosen for this device alone (the `plainHttp` column), for a zone that keeps to TLS. */
  allowPlainHttp?: boolean;
  errors: string[];
}

/** What parseDeviceImport found: the format, the columns it understood, and every row. */
export interface DeviceImportPreview {
  format: 'csv' | 'list' | 'json';
  columns: string[];
  ignoredColumns: string[];
  rows: DeviceImportRow[];
  /** Problems with the whole input (no address column, unreadable JSON). */
  errors: string[];
}

/** What the caller already has, so the preview can flag clashes before anything is written. */
export interface DeviceImportContext {
  existingNames?: readonly string[];
  /** Existing endpoints as `endpointKey(address, port)`. */
  existingEndpoints?: readonly string[];
  /** When given, a credential name not in this list is an error. */
  credentialNames?: readonly string[];
}

type Field =
  'name' | 'address' | 'tls' | 'port' | 'credential' | 'tags' | 'folder' | 'notes' | 'fingerprint' | 'plainHttp';

const ALIASES: Record<string, Field> = {
  name: 'name',
  device: 'name',
  devicename: 'name',
  address: 'address',
  host: 'address',
  hostname: 'address',
  ip: 'address',
  ipaddress: 'address',
  fqdn: 'address',
  tls: 'tls',
  tlsmode: 'tls',
  mode: 'tls',
  transport: 'tls',
  port: 'port',
  credential: 'credential',
  credentialname: 'credential',
  vault: 'credential',
  tags: 'tags',
  tag: 'tags',
  folder: 'folder',
  folderpath: 'folder',
  path: 'folder',
  notes: 'notes',
  note: 'notes',
  description: 'notes',
  fingerprint: 'fingerprint',
  tlsfingerprint: 'fingerprint',
  sha256: 'fingerprint',
  certfingerprint: 'fingerprint',
  plainhttp: 'plainHttp',
  allowplainhttp: 'plainHttp',
};

/** Identifies a device endpoint for duplicate checks: the same address on the same explicit port. */
export function endpointKey(address: string, port?: number): string {
  return `${address.toLowerCase()}#${port ?? ''}`;
}

/**
 * What one import may hold. The text and line caps keep a wrong file (a log, a binary) from
 * stalling the parser; the row cap matches what one IPC request may name; every field cap equals
 * the limit the stored device has, so a row the preview accepts is a row the write accepts.
 */
export const IMPORT_LIMITS = {
  /** Characters of pasted or decoded text (about the 16 MB file cap). */
  maxChars: 16 * 1024 * 1024,
  /** Characters of one line of CSV or list text. */
  maxLineChars: 20_000,
  /** Devices in one import. */
  maxRows: 100_000,
  /** Characters of one CSV cell, also in a column import ignores. */
  maxCellChars: 10_000,
} as const;

/** Characters each field may have: the stored device's limits (NameSchema, notes, tags, folders). */
const FIELD_LIMITS: Readonly<Record<Field, number>> = {
  name: 128,
  address: 255,
  tls: 32,
  port: 32,
  credential: 128,
  tags: 4_000,
  folder: 2_000,
  notes: 4_000,
  fingerprint: 200,
  plainHttp: 32,
};

const FIELD_LABELS: Readonly<Record<Field, string>> = {
  name: 'The name is',
  address: 'The address is',
  tls: 'The TLS value is',
  port: 'The port is',
  credential: 'The credential name is',
  tags: 'The tags are',
  folder: 'The folder path is',
  notes: 'The notes are',
  fingerprint: 'The fingerprint is',
  plainHttp: 'The plainHttp value is',
};

const count = (n: number): string => n.toLocaleString('en-US');

/** A value for a message: at most 40 characters, so a huge cell is never echoed whole. */
export function quoteValue(value: string, max = 40): string {
  const oneLine = value.replace(/[\r\n\t]+/g, ' ');
  return `"${oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine}"`;
}

/** Shortens a value kept in a row with errors, so the preview never carries a huge cell. */
function clip(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

function headerKey(cell: string): string {
  return cell
    .trim()
    .toLowerCase()
    .replace(/[\s_.-]/g, '');
}

function parseTls(value: string): TlsMode | undefined | null {
  const v = value.trim().toLowerCase();
  if (v === '') return undefined;
  if (['tls', 'https', 'yes', 'true', '1', '16993'].includes(v)) return 'tls';
  if (['plain', 'http', 'no', 'false', '0', '16992'].includes(v)) return 'plain';
  return null;
}

/** Rows whose address was cut short for the preview: it is not checked (or echoed) as an address. */
const clippedAddress = new WeakSet<DeviceImportRow>();

function emptyRow(line: number): DeviceImportRow {
  return { line, name: '', address: '', tags: [], errors: [] };
}

/** False (with an error on the row) when the value is longer than the field may be. */
function withinLimit(row: DeviceImportRow, field: Field, value: string): boolean {
  const max = FIELD_LIMITS[field];
  if (value.length <= max) return true;
  row.errors.push(`${FIELD_LABELS[field]} ${count(value.length)} characters long; at most ${count(max)} are allowed.`);
  return false;
}

function applyField(row: DeviceImportRow, field: Field, raw: string): void {
  const value = unguardCsvCell(raw).trim();
  if (value === '') return;
  if (!withinLimit(row, field, value)) {
    // Keep a short start of the name or address so the preview row is recognisable.
    if (field === 'name') row.name ||= clip(value);
    if (field === 'address' && row.address === '') {
      row.address = clip(value);
      clippedAddress.add(row);
    }
    return;
  }
  switch (field) {
    case 'name':
      row.name ||= value;
      break;
    case 'address':
      row.address ||= value;
      break;
    case 'credential':
      row.credentialName = value;
      break;
    case 'folder':
      row.folderPath = splitFolderPath(value).join('/');
      break;
    case 'notes':
      row.notes = value;
      break;
    case 'tags':
      row.tags = value
        .split(/[;|]/)
        .map((t) => t.trim())
        .filter((t) => t !== '');
      break;
    case 'tls': {
      const tls = parseTls(value);
      if (tls === null) row.errors.push(`TLS ${quoteValue(value)} is not understood; use tls or plain.`);
      else row.tlsMode = tls;
      break;
    }
    case 'port': {
      const port = Number(value);
      if (!/^\d+$/.test(value) || port < 1 || port > 65535)
        row.errors.push(`Port ${quoteValue(value)} is not a number from 1 to 65535.`);
      else row.port = port;
      break;
    }
    case 'fingerprint': {
      const fp = normalizeFingerprint(value);
      if (!fp) row.errors.push('The fingerprint is not a SHA-256 fingerprint (64 hex digits).');
      else row.tlsFingerprint = fp;
      break;
    }
    case 'plainHttp': {
      const v = value.trim().toLowerCase();
      if (['yes', 'true', '1', 'allow'].includes(v)) row.allowPlainHttp = true;
      else if (!['', 'no', 'false', '0'].includes(v))
        row.errors.push(`plainHttp ${quoteValue(value)} is not understood; use yes or no.`);
      break;
    }
  }
}

function rowsFromCsv(records: CsvRecord[], preview: DeviceImportPreview): DeviceImportRow[] {
  const header = records[0].cells.map((c) => ALIASES[headerKey(c)]);
  preview.columns = records[0].cells.filter((_, i) => header[i] !== undefined).map((c) => clip(c.trim()));
  preview.ignoredColumns = records[0].cells
    .filter((c, i) => header[i] === undefined && c.trim() !== '')
    .map((c) => clip(c.trim()));
  return records.slice(1).map((rec) => {
    const row = emptyRow(rec.line);
    rec.cells.forEach((cell, i) => {
      const field = header[i];
      if (field) applyField(row, field, cell);
      else if (cell.length > IMPORT_LIMITS.maxCellChars)
        row.errors.push(
          `Column ${i + 1} is ${count(cell.length)} characters long; a cell may have at most ${count(IMPORT_LIMITS.maxCellChars)}.`,
        );
    });
    return row;
  });
}

const NOTHING_BUT_BLANKS =
  'There is nothing to import: the text holds no device (only quotes, blank lines or comments).';

const ONE_PER_LINE = 'Put one address per line; for more columns add a header row (name,address,...).';

function rowsFromList(text: string): DeviceImportRow[] {
  const rows: DeviceImportRow[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const value = raw.trim();
    if (value === '' || value.startsWith('#')) return;
    const row = emptyRow(i + 1);
    applyField(row, 'address', value);
    if (row.errors.length === 0 && /[\s,;]/.test(value)) row.errors.push(ONE_PER_LINE);
    rows.push(row);
  });
  return rows;
}

function rowsFromJson(text: string, preview: DeviceImportPreview): DeviceImportRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    preview.errors.push('The file looks like JSON but cannot be read as JSON.');
    return [];
  }
  const parsed = DeviceExportFileSchema.safeParse(data);
  if (!parsed.success) {
    preview.errors.push('The JSON is not an Outband device export.');
    return [];
  }
  if (parsed.data.devices.length > IMPORT_LIMITS.maxRows) {
    preview.errors.push(tooManyRows(parsed.data.devices.length));
    return [];
  }
  return parsed.data.devices.map((d, i) => {
    const row = emptyRow(i + 1);
    // The same per-field reading as CSV cells, so length limits and messages are the same.
    applyField(row, 'name', d.name);
    applyField(row, 'address', d.address);
    row.tlsMode = d.tlsMode;
    if (d.port !== undefined) applyField(row, 'port', String(d.port));
    if (d.credential) applyField(row, 'credential', d.credential);
    const tags = d.tags.map((t) => t.trim()).filter((t) => t !== '');
    if (withinLimit(row, 'tags', tags.join(';'))) row.tags = tags;
    if (d.folder) applyField(row, 'folder', d.folder);
    if (d.notes) applyField(row, 'notes', d.notes);
    if (d.tlsFingerprint) applyField(row, 'fingerprint', d.tlsFingerprint);
    if (d.plainHttp === true) row.allowPlainHttp = true;
    return row;
  });
}

function tooManyRows(rows: number): string {
  return `The input has ${count(rows)} rows; an import takes at most ${count(IMPORT_LIMITS.maxRows)}. Split it into smaller files.`;
}

function tooLong(chars: number): string {
  return `The text is ${count(chars)} characters long; an import reads at most ${count(IMPORT_LIMITS.maxChars)}. Split it into smaller files.`;
}

/** Whole-input limits of CSV and list text: total size and the longest line, named by number. */
function textLimitError(text: string): string | null {
  if (text.length > IMPORT_LIMITS.maxChars) return tooLong(text.length);
  let line = 1;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    const length = stop - start - (text[stop - 1] === '\r' ? 1 : 0);
    if (length > IMPORT_LIMITS.maxLineChars) {
      return `Line ${count(line)} is ${count(length)} characters long; a line may have at most ${count(IMPORT_LIMITS.maxLineChars)}. It starts ${quoteValue(text.slice(start, start + 40))}: is this the right file?`;
    }
    if (end < 0) return null;
    start = end + 1;
    line++;
  }
}

/** The fields of a device to add, checked: what the write stores for a row without errors. */
export interface ImportedDevice {
  name: string;
  address: string;
  tlsMode?: TlsMode;
  port?: number;
  tags: string[];
  notes?: string;
  tlsFingerprint?: string;
  folderPath?: string;
  credentialName?: string;
  allowPlainHttp?: true;
}

const SCHEMA_LABELS: Readonly<Record<string, string>> = {
  name: 'Name',
  address: 'Address',
  tlsMode: 'TLS',
  port: 'Port',
  tags: 'Tags',
  notes: 'Notes',
  tlsFingerprint: 'Fingerprint',
};

/**
 * Checks a row with the schema every stored device meets (DeviceInputSchema, folder and credential
 * names): the one check both the preview and the write use, so they can never disagree. Answers
 * the cleaned fields, or readable errors that never repeat a long value.
 */
export function checkImportRow(
  row: DeviceImportRow,
): { ok: true; device: ImportedDevice } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const parsed = DeviceInputSchema.safeParse({
    name: row.name,
    address: row.address,
    tlsMode: row.tlsMode,
    port: row.port,
    tags: row.tags,
    notes: row.notes,
    tlsFingerprint: row.tlsFingerprint,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const label = SCHEMA_LABELS[String(issue.path[0])] ?? 'Value';
      const tag = issue.path[0] === 'tags' && typeof issue.path[1] === 'number' ? ` ${issue.path[1] + 1}` : '';
      errors.push(`${label}${tag}: ${issue.message}`);
    }
  }
  const folders = row.folderPath ? splitFolderPath(row.folderPath) : [];
  folders.forEach((name, i) => {
    const check = FolderSchema.shape.name.safeParse(name);
    if (!check.success) errors.push(`Folder ${i + 1} of the path: ${check.error.issues[0].message}`);
  });
  if (row.credentialName !== undefined) {
    const check = NameSchema.safeParse(row.credentialName);
    if (!check.success) errors.push(`Credential: ${check.error.issues[0].message}`);
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  const v = parsed.data;
  const device: ImportedDevice = { name: v.name, address: v.address, tags: v.tags ?? [] };
  if (v.tlsMode) device.tlsMode = v.tlsMode;
  if (v.port !== undefined) device.port = v.port;
  if (v.notes) device.notes = v.notes;
  if (v.tlsFingerprint) device.tlsFingerprint = v.tlsFingerprint;
  if (folders.length) device.folderPath = folders.join('/');
  if (row.credentialName) device.credentialName = row.credentialName;
  if (row.allowPlainHttp === true && v.tlsMode === 'plain') device.allowPlainHttp = true;
  return { ok: true, device };
}

function checkRows(rows: DeviceImportRow[], ctx: DeviceImportContext): void {
  const names = new Set((ctx.existingNames ?? []).map(nameKey));
  const endpoints = new Set(ctx.existingEndpoints ?? []);
  const credentials = ctx.credentialNames ? new Set(ctx.credentialNames.map(nameKey)) : undefined;
  for (const row of rows) {
    if (!clippedAddress.has(row)) {
      const check = validateAddress(row.address);
      if (check.ok) row.address = check.address;
      else if (!row.errors.includes(ONE_PER_LINE)) row.errors.unshift(check.error);
    }
    if (row.name === '') row.name = row.address;
    if (credentials && row.credentialName && !credentials.has(nameKey(row.credentialName))) {
      row.errors.push(`No credential named ${quoteValue(row.credentialName)} in the vault.`);
    }
    if (row.errors.length > 0) continue;
    const checked = checkImportRow(row);
    if (!checked.ok) {
      row.errors.push(...checked.errors);
      continue;
    }
    row.name = checked.device.name;
    const key = nameKey(row.name);
    const endpoint = endpointKey(row.address, row.port);
    if (endpoints.has(endpoint)) row.errors.push(`${row.address} is already in the list.`);
    else if (names.has(key)) row.errors.push(`A device named ${quoteValue(row.name)} already exists.`);
    names.add(key);
    endpoints.add(endpoint);
  }
}

/**
 * Reads devices from pasted text or a file: CSV with a header row (name,address,tls,port,
 * credential,tags,folder,notes,fingerprint), a plain list with one address per line, or an Outband
 * JSON export. Every row carries its own errors so a preview can show what will and will not be
 * added; whole-input problems (limits, no address column, unreadable JSON) go to `errors`.
 */
export function parseDeviceImport(text: string, ctx: DeviceImportContext = {}): DeviceImportPreview {
  const preview: DeviceImportPreview = { format: 'list', columns: [], ignoredColumns: [], rows: [], errors: [] };
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') {
    preview.errors.push('There is nothing to import.');
    return preview;
  }
  if (trimmed.startsWith('{')) {
    preview.format = 'json';
    if (trimmed.length > IMPORT_LIMITS.maxChars) {
      preview.errors.push(tooLong(trimmed.length));
      return preview;
    }
    preview.rows = rowsFromJson(trimmed, preview);
  } else {
    const limit = textLimitError(trimmed);
    if (limit) {
      preview.errors.push(limit);
      return preview;
    }
    const delimiter = detectDelimiter(trimmed);
    const records = parseCsv(trimmed, delimiter);
    if (records.length === 0) {
      // Only quotes, or quoted blank cells: no record holds anything.
      preview.errors.push(NOTHING_BUT_BLANKS);
      return preview;
    }
    const header = records[0].cells.map((c) => ALIASES[headerKey(c)]);
    if (header.includes('address')) {
      preview.format = 'csv';
      if (records.length === 1) {
        preview.errors.push('The CSV has a header row but no devices under it.');
        return preview;
      }
      if (records.length - 1 > IMPORT_LIMITS.maxRows) {
        preview.errors.push(tooManyRows(records.length - 1));
        return preview;
      }
      preview.rows = rowsFromCsv(records, preview);
    } else if (records[0].cells.length > 1 && header.some((h) => h !== undefined)) {
      preview.format = 'csv';
      preview.errors.push('The header row has no address column (address, host or ip).');
      return preview;
    } else {
      preview.columns = ['address'];
      preview.rows = rowsFromList(trimmed);
      if (preview.rows.length > IMPORT_LIMITS.maxRows) {
        preview.errors.push(tooManyRows(preview.rows.length));
        preview.rows = [];
        return preview;
      }
    }
  }
  if (preview.rows.length === 0 && preview.errors.length === 0) {
    preview.errors.push(NOTHING_BUT_BLANKS);
  }
  checkRows(preview.rows, ctx);
  return preview;
}
