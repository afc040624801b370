import { validateAddress } from './address';
import { detectDelimiter, parseCsv, unguardCsvCell, type CsvRecord } from './csv';
import { nameKey } from './common';
import { DeviceExportFileSchema } from './device-export';
import { normalizeFingerprint } from './fingerprint';
import { splitFolderPath } from './folder';
import type { TlsMode } from './device';

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

type Field = 'name' | 'address' | 'tls' | 'port' | 'credential' | 'tags' | 'folder' | 'notes' | 'fingerprint';

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
};

/** Identifies a device endpoint for duplicate checks: the same address on the same explicit port. */
export function endpointKey(address: string, port?: number): string {
  return `${address.toLowerCase()}#${port ?? ''}`;
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

function emptyRow(line: number): DeviceImportRow {
  return { line, name: '', address: '', tags: [], errors: [] };
}

function applyField(row: DeviceImportRow, field: Field, raw: string): void {
  const value = unguardCsvCell(raw).trim();
  if (value === '') return;
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
      if (tls === null) row.errors.push(`TLS "${value}" is not understood; use tls or plain.`);
      else row.tlsMode = tls;
      break;
    }
    case 'port': {
      const port = Number(value);
      if (!/^\d+$/.test(value) || port < 1 || port > 65535)
        row.errors.push(`Port "${value}" is not a number from 1 to 65535.`);
      else row.port = port;
      break;
    }
    case 'fingerprint': {
      const fp = normalizeFingerprint(value);
      if (!fp) row.errors.push('The fingerprint is not a SHA-256 fingerprint (64 hex digits).');
      else row.tlsFingerprint = fp;
      break;
    }
  }
}

function rowsFromCsv(records: CsvRecord[], preview: DeviceImportPreview): DeviceImportRow[] {
  const header = records[0].cells.map((c) => ALIASES[headerKey(c)]);
  preview.columns = records[0].cells.filter((_, i) => header[i] !== undefined).map((c) => c.trim());
  preview.ignoredColumns = records[0].cells
    .filter((c, i) => header[i] === undefined && c.trim() !== '')
    .map((c) => c.trim());
  return records.slice(1).map((rec) => {
    const row = emptyRow(rec.line);
    rec.cells.forEach((cell, i) => {
      const field = header[i];
      if (field) applyField(row, field, cell);
    });
    return row;
  });
}

const ONE_PER_LINE = 'Put one address per line; for more columns add a header row (name,address,...).';

function rowsFromList(text: string): DeviceImportRow[] {
  const rows: DeviceImportRow[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const value = raw.trim();
    if (value === '' || value.startsWith('#')) return;
    const row = emptyRow(i + 1);
    row.address = value;
    if (/[\s,;]/.test(value)) row.errors.push(ONE_PER_LINE);
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
  return parsed.data.devices.map((d, i) => {
    const row = emptyRow(i + 1);
    Object.assign(row, {
      name: d.name,
      address: d.address,
      tlsMode: d.tlsMode,
      port: d.port,
      credentialName: d.credential,
      tags: [...d.tags],
      folderPath: d.folder || undefined,
      notes: d.notes || undefined,
    });
    if (d.tlsFingerprint) applyField(row, 'fingerprint', d.tlsFingerprint);
    return row;
  });
}

function checkRows(rows: DeviceImportRow[], ctx: DeviceImportContext): void {
  const names = new Set((ctx.existingNames ?? []).map(nameKey));
  const endpoints = new Set(ctx.existingEndpoints ?? []);
  const credentials = ctx.credentialNames ? new Set(ctx.credentialNames.map(nameKey)) : undefined;
  for (const row of rows) {
    const check = validateAddress(row.address);
    if (check.ok) row.address = check.address;
    else if (!row.errors.includes(ONE_PER_LINE)) row.errors.unshift(check.error);
    if (row.name === '') row.name = row.address;
    if (row.name.length > 128) row.errors.push('The name is longer than 128 characters.');
    if (credentials && row.credentialName && !credentials.has(nameKey(row.credentialName))) {
      row.errors.push(`No credential named "${row.credentialName}" in the vault.`);
    }
    if (row.errors.length > 0) continue;
    const key = nameKey(row.name);
    const endpoint = endpointKey(row.address, row.port);
    if (endpoints.has(endpoint)) row.errors.push(`${row.address} is already in the list.`);
    else if (names.has(key)) row.errors.push(`A device named "${row.name}" already exists.`);
    names.add(key);
    endpoints.add(endpoint);
  }
}

/**
 * Reads devices from pasted text or a file: CSV with a header row (name,address,tls,port,
 * credential,tags,folder,notes,fingerprint), a plain list with one address per line, or an Outband
 * JSON export. Every row carries its own errors so a preview can show what will and will not be added.
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
    preview.rows = rowsFromJson(trimmed, preview);
  } else {
    const delimiter = detectDelimiter(trimmed);
    const records = parseCsv(trimmed, delimiter);
    const header = records[0].cells.map((c) => ALIASES[headerKey(c)]);
    if (header.includes('address')) {
      preview.format = 'csv';
      preview.rows = rowsFromCsv(records, preview);
    } else if (records[0].cells.length > 1 && header.some((h) => h !== undefined)) {
      preview.format = 'csv';
      preview.errors.push('The header row has no address column (address, host or ip).');
      return preview;
    } else {
      preview.columns = ['address'];
      preview.rows = rowsFromList(trimmed);
    }
  }
  checkRows(preview.rows, ctx);
  return preview;
}
