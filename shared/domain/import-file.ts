/**
 * Turns the bytes of an import file into text. Spreadsheets save CSV as UTF-8 (with or without a
 * byte-order mark), as UTF-16 ("Unicode text") or in the Windows code page, so the encoding is
 * detected instead of assumed: reading Windows-1252 or UTF-16 as UTF-8 would silently mangle names.
 * Pure (TextDecoder exists in Node and in the renderer), so the CLI and the Import dialog share it.
 */
import { OutbandError } from '../errors';

/** TextDecoder as Node and Chromium provide it (shared/ compiles without DOM or Node types). */
declare const TextDecoder: new (
  label?: string,
  options?: { fatal?: boolean; ignoreBOM?: boolean },
) => { decode(input: Uint8Array): string };

/** The largest import file: about 100,000 devices with notes, and small enough to preview at once. */
export const IMPORT_MAX_BYTES = 16 * 1024 * 1024;

/** How the bytes were read. */
export type ImportEncoding = 'UTF-8' | 'UTF-8 with BOM' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1252';

/** The decoded text and the encoding it was read in. */
export interface DecodedImportFile {
  text: string;
  encoding: ImportEncoding;
}

/** "16 MB" style size for messages. */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}

/** The error for a file over IMPORT_MAX_BYTES; callers that know the size early use it before reading. */
export function importTooLarge(bytes: number): OutbandError {
  return new OutbandError(
    'device.import-too-large',
    `The file is ${formatMegabytes(bytes)}; an import reads at most ${formatMegabytes(IMPORT_MAX_BYTES)}. Split it into smaller files.`,
  );
}

function refuse(message: string): OutbandError {
  return new OutbandError('device.import-encoding', message);
}

const SAVE_AS = 'Save it from the spreadsheet as "CSV UTF-8" and import that file.';

/** UTF-16 without a BOM shows as a NUL byte in every other position (ASCII text); which half says the byte order. */
function utf16ByNulPattern(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros >= pairs * 0.3 && evenZeros <= pairs * 0.05) return 'utf-16le';
  if (evenZeros >= pairs * 0.3 && oddZeros <= pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * Windows-1252 bytes 0x80–0x9F (every other byte is the same code point as in Latin-1). Decoded
 * here rather than with TextDecoder because Node 20 decodes "windows-1252" as Latin-1. The five
 * unassigned bytes (0 here) never occur in real Windows-1252 text.
 */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/** Decodes Windows-1252, or null when a byte is unassigned there. */
function decodeWindows1252(bytes: Uint8Array): string | null {
  const parts: string[] = [];
  const units = new Uint16Array(Math.min(bytes.length, 0x8000));
  for (let start = 0; start < bytes.length; start += units.length) {
    const end = Math.min(bytes.length, start + units.length);
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      const unit = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b;
      if (unit === 0 && b !== 0) return null;
      units[i - start] = unit;
    }
    parts.push(String.fromCharCode(...units.subarray(0, end - start)));
  }
  return parts.join('');
}

function decodeStrict(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function checkText(text: string, encoding: ImportEncoding): DecodedImportFile {
  if (text.includes('\0')) {
    throw refuse(`The file contains NUL characters, so it is not a text file (read as ${encoding}). ${SAVE_AS}`);
  }
  return { text, encoding };
}

function utf16(bytes: Uint8Array, order: 'utf-16le' | 'utf-16be', bomBytes: number): DecodedImportFile {
  const encoding: ImportEncoding = order === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
  const text = decodeStrict(order, bytes.subarray(bomBytes));
  if (text === null) throw refuse(`The file looks like ${encoding} text but is not valid ${encoding}. ${SAVE_AS}`);
  return checkText(text, encoding);
}

/**
 * Detects the encoding and decodes: a UTF-8 or UTF-16 byte-order mark, UTF-16 by its NUL pattern,
 * strict UTF-8, and Windows-1252 when the bytes are not valid UTF-8. Refuses (OutbandError
 * `device.import-encoding` / `device.import-too-large`) what is none of these rather than guessing.
 */
export function decodeImportFile(bytes: Uint8Array): DecodedImportFile {
  if (bytes.length > IMPORT_MAX_BYTES) throw importTooLarge(bytes.length);
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) {
    throw refuse(`The file is UTF-32 text, which import does not read. ${SAVE_AS}`);
  }
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    const text = decodeStrict('utf-8', bytes.subarray(3));
    if (text === null) throw refuse(`The file starts with a UTF-8 byte-order mark but is not valid UTF-8. ${SAVE_AS}`);
    return checkText(text, 'UTF-8 with BOM');
  }
  if (b0 === 0xff && b1 === 0xfe) return utf16(bytes, 'utf-16le', 2);
  if (b0 === 0xfe && b1 === 0xff) return utf16(bytes, 'utf-16be', 2);
  const order = utf16ByNulPattern(bytes);
  if (order) return utf16(bytes, order, 0);
  if (bytes.includes(0)) throw refuse(`The file contains NUL bytes, so it is not a text file. ${SAVE_AS}`);
  const utf8 = decodeStrict('utf-8', bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'UTF-8' };
  // Not UTF-8: the Windows code page is what Excel and older tools write on Western systems.
  const cp1252 = decodeWindows1252(bytes);
  if (cp1252 === null) {
    throw refuse(`The file is neither UTF-8 nor Windows-1252 text, so names would be garbled. ${SAVE_AS}`);
  }
  return { text: cp1252, encoding: 'Windows-1252' };
}
