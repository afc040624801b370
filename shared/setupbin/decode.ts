/**
 * A tolerant setup.bin reader: it never throws on file content. Whatever firmware would refuse
 * or ignore is reported as a problem beside the data, so a review page can show both.
 */
import { OutbandError } from '../errors';
import { bytesToGuid, bytesToHex } from './bytes';
import {
  CHUNK,
  ENTRY_HEADER_BYTES,
  FILE_FLAG_DONT_CONSUME,
  HDR,
  MAX_RECORD_CHUNKS,
  REC,
  RECORD_FLAG_SCRAMBLED,
  RECORD_FLAG_VALID,
  SCRAMBLE_ADD,
  type SetupBinVersion,
  VERSION_INFO,
  versionFromHeader,
} from './format';
import { decodeVariableValue, findVariable, type EntryValue } from './variables';

/** One entry as read from a record. */
export interface DecodedEntry {
  module: number;
  variable: number;
  /** Firmware key (`CurrentMebxPwd`) or `Unknown(m,v)`. */
  key: string;
  /** Readable name. */
  name: string;
  length: number;
  /** Offset of the entry header inside its record. */
  offset: number;
  raw: Uint8Array;
  value: EntryValue;
  display: string;
  secret: boolean;
  problems: string[];
}

/** One data record. */
export interface DecodedRecord {
  index: number;
  offset: number;
  typeIdentifier: number;
  flags: number;
  valid: boolean;
  scrambled: boolean;
  chunkCount: number;
  headerByteCount: number;
  recordNumber: number;
  /** Index below DataRecordsConsumed: firmware has used it. */
  consumed: boolean;
  /** Body all zero: wiped by firmware after consumption (or never filled). */
  wiped: boolean;
  entries: DecodedEntry[];
  problems: string[];
}

/** The file header (§2). */
export interface DecodedHeader {
  guid: string;
  version: SetupBinVersion | null;
  major: number;
  minor: number;
  recordChunkCount: number;
  recordHeaderByteCount: number;
  recordNumber: number;
  fileFlags: number;
  reusable: boolean;
  dataRecordCount: number;
  dataRecordsConsumed: number;
  dataRecordChunkCount: number;
  moduleList: number[];
}

/** The whole file. */
export interface DecodedSetupBin {
  header: DecodedHeader | null;
  records: DecodedRecord[];
  size: number;
  expectedSize: number | null;
  problems: string[];
}

const u16 = (v: DataView, o: number): number => v.getUint16(o, true);
const u32 = (v: DataView, o: number): number => v.getUint32(o, true);

/** Reads the header chunk and the problems of the header alone. */
function decodeHeader(bytes: Uint8Array, problems: string[]): DecodedHeader {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const guid = bytesToGuid(bytes.subarray(0, 16));
  const major = bytes[HDR.major];
  const minor = bytes[HDR.minor];
  const fileFlags = u16(v, HDR.fileFlags);
  const h: DecodedHeader = {
    guid,
    version: versionFromHeader(guid, major, minor),
    major,
    minor,
    recordChunkCount: u16(v, HDR.recordChunkCount),
    recordHeaderByteCount: u16(v, HDR.recordHeaderByteCount),
    recordNumber: u32(v, HDR.recordNumber),
    fileFlags,
    reusable: (fileFlags & FILE_FLAG_DONT_CONSUME) !== 0 && major >= 2,
    dataRecordCount: u32(v, HDR.dataRecordCount),
    dataRecordsConsumed: u32(v, HDR.dataRecordsConsumed),
    dataRecordChunkCount: u16(v, HDR.dataRecordChunkCount),
    moduleList: [],
  };
  for (let o = HDR.moduleList; o + 2 <= CHUNK; o += 2) {
    const m = u16(v, o);
    if (m === 0) break;
    h.moduleList.push(m);
  }
  if (h.version === null)
    problems.push(`file type GUID ${guid} with version ${major}.${minor} is not a combination firmware accepts`);
  if (h.recordChunkCount === 0)
    problems.push('header RecordChunkCount is 0: firmware computes the first record at offset 0 and ignores the file');
  else if (h.recordChunkCount !== 1)
    problems.push(`header RecordChunkCount is ${h.recordChunkCount}; every known tool writes 1`);
  if (h.dataRecordChunkCount === 0) problems.push('DataRecordChunkCount is 0: firmware cannot locate any record');
  else if (h.dataRecordChunkCount > MAX_RECORD_CHUNKS)
    problems.push(`DataRecordChunkCount ${h.dataRecordChunkCount} exceeds the MEBx limit of ${MAX_RECORD_CHUNKS}`);
  if (h.recordNumber !== 0) problems.push(`header RecordNumber is ${h.recordNumber}, expected 0`);
  if (h.dataRecordsConsumed > h.dataRecordCount)
    problems.push(`DataRecordsConsumed (${h.dataRecordsConsumed}) exceeds DataRecordCount (${h.dataRecordCount})`);
  if (fileFlags & ~FILE_FLAG_DONT_CONSUME) problems.push(`unknown FileFlags bits 0x${fileFlags.toString(16)}`);
  if (fileFlags & FILE_FLAG_DONT_CONSUME && major < 2)
    problems.push('the reusable flag is ignored by firmware in version 1 files');
  if (u16(v, HDR.reserved) !== 0) problems.push('header reserved field at 0x26 is not zero');
  return h;
}

/** Reads the TLV entries of a (descrambled) record body. */
function decodeEntries(rec: Uint8Array, start: number, problems: string[]): DecodedEntry[] {
  const v = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
  const entries: DecodedEntry[] = [];
  let pos = start;
  while (pos + ENTRY_HEADER_BYTES <= rec.length) {
    const module = u16(v, pos);
    const variable = u16(v, pos + 2);
    const length = u16(v, pos + 4);
    const reserved = u16(v, pos + 6);
    // Firmware ends the list only on an all-zero header, not when just one field is zero.
    if (module === 0 && variable === 0 && length === 0) break;
    if (pos + ENTRY_HEADER_BYTES + length > rec.length) {
      problems.push(`entry (${module},${variable}) at offset ${pos} runs past the end of the record; parsing stops`);
      break;
    }
    const raw = rec.slice(pos + ENTRY_HEADER_BYTES, pos + ENTRY_HEADER_BYTES + length);
    const def = findVariable(module, variable);
    const decoded = decodeVariableValue(def, raw);
    const entryProblems = [...decoded.problems];
    if (module === 0) entryProblems.push('module 0 is invalid');
    else if (module > 2) entryProblems.push(`unknown module ${module}: modern MEBx aborts the whole record`);
    else if (!def) entryProblems.push(`unknown variable (${module},${variable}): modern MEBx aborts the whole record`);
    if (reserved !== 0) entryProblems.push('entry reserved field is not zero');
    entries.push({
      module,
      variable,
      key: def?.key ?? `Unknown(${module},${variable})`,
      name: def?.label ?? `Unknown variable (${module},${variable})`,
      length,
      offset: pos,
      raw,
      value: decoded.value,
      display: decoded.display,
      secret: def?.secret ?? false,
      problems: entryProblems,
    });
    pos += ENTRY_HEADER_BYTES + Math.ceil(length / 4) * 4;
  }
  return entries;
}

/** Reads one record of `size` bytes at `offset`. */
function decodeRecord(
  bytes: Uint8Array,
  index: number,
  offset: number,
  size: number,
  consumed: boolean,
): DecodedRecord {
  const rec = bytes.slice(offset, offset + size);
  const v = new DataView(rec.buffer);
  const flags = u32(v, REC.flags);
  const r: DecodedRecord = {
    index,
    offset,
    typeIdentifier: u32(v, REC.type),
    flags,
    valid: (flags & RECORD_FLAG_VALID) !== 0,
    scrambled: (flags & RECORD_FLAG_SCRAMBLED) !== 0,
    chunkCount: u16(v, REC.chunkCount),
    headerByteCount: u16(v, REC.headerByteCount),
    recordNumber: u32(v, REC.recordNumber),
    consumed,
    wiped: false,
    entries: [],
    problems: [],
  };
  const start = r.headerByteCount;
  if (start === 0 || start >= size) {
    r.problems.push(`record header byte count ${start} is not usable; MEBx rejects the record`);
    return r;
  }
  r.wiped = rec.subarray(start).every((b) => b === 0);
  if (r.typeIdentifier !== 1) r.problems.push(`record type ${r.typeIdentifier} is not 1 (data record)`);
  if (!r.valid && !consumed) r.problems.push('record is not marked valid; MEBx rejects it');
  if (r.chunkCount < 1 || r.chunkCount > MAX_RECORD_CHUNKS)
    r.problems.push(`record chunk count ${r.chunkCount} is outside 1…${MAX_RECORD_CHUNKS}`);
  if (u32(v, REC.reserved) !== 0 || u32(v, REC.reserved + 4) !== 0)
    r.problems.push('record reserved bytes 8…15 are not zero');
  if (r.wiped) return r; // consumed records are zeroed unscrambled; nothing to read
  if (r.scrambled) for (let i = start; i < size; i++) rec[i] = (rec[i] - SCRAMBLE_ADD) & 0xff;
  const limit = Math.min(size, Math.max(1, r.chunkCount) * CHUNK);
  r.entries = decodeEntries(rec.subarray(0, limit), start, r.problems);
  return r;
}

const FILE_TYPE_GUIDS = new Set(Object.values(VERSION_INFO).map((v) => v.guid));

/**
 * Null when the bytes start with a setup.bin file-type GUID (§3), else why they are not a
 * setup.bin. A damaged setup.bin still has its GUID, so decodeSetupBin's problems describe it;
 * without the GUID those "problems" would be nonsense about some other kind of file.
 */
export function notSetupBinReason(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'the file is empty';
  if (bytes.length < 16) return `the file is only ${bytes.length} bytes, too short for a setup.bin header`;
  if (FILE_TYPE_GUIDS.has(bytesToGuid(bytes.subarray(0, 16)))) return null;
  return `it does not start with a setup.bin file-type GUID (its first bytes are ${bytesToHex(bytes.subarray(0, 8)).replace(/(..)(?!$)/g, '$1 ')})`;
}

/** Throws OutbandError `setupbin.not-setupbin` naming `name` when the bytes are not a setup.bin. */
export function assertSetupBin(bytes: Uint8Array, name: string): void {
  const reason = notSetupBinReason(bytes);
  if (reason) {
    throw new OutbandError(
      'setupbin.not-setupbin',
      `${name} is not a setup.bin: ${reason}. Choose a file written by Outband, USBFile or the Intel ACU.`,
    );
  }
}

/** Decodes setup.bin bytes; never throws on content, reports problems instead. */
export function decodeSetupBin(bytes: Uint8Array): DecodedSetupBin {
  const problems: string[] = [];
  const result: DecodedSetupBin = { header: null, records: [], size: bytes.length, expectedSize: null, problems };
  if (bytes.length < CHUNK) {
    problems.push(`file is ${bytes.length} bytes, shorter than the 512-byte header`);
    return result;
  }
  const h = decodeHeader(bytes, problems);
  result.header = h;
  const recordSize = h.dataRecordChunkCount * CHUNK;
  const headerSize = h.recordChunkCount * CHUNK;
  result.expectedSize = headerSize + h.dataRecordCount * recordSize;
  if (bytes.length !== result.expectedSize) {
    problems.push(
      `file size ${bytes.length} differs from the ${result.expectedSize} bytes the header announces; newer MEBx rejects it ("size mismatched")`,
    );
  }
  if (h.dataRecordCount > 0 && h.dataRecordsConsumed >= h.dataRecordCount) {
    problems.push('every record has been consumed; firmware does nothing with this file');
  }
  if (recordSize === 0) return result;
  // Records sit after the header as the header says; a zero header count is read as 1 chunk.
  const first = Math.max(1, h.recordChunkCount) * CHUNK;
  for (let i = 0; i < h.dataRecordCount; i++) {
    const offset = first + i * recordSize;
    if (offset + recordSize > bytes.length) {
      problems.push(`the file ends before record ${i + 1} of ${h.dataRecordCount}`);
      break;
    }
    result.records.push(decodeRecord(bytes, i, offset, recordSize, i < h.dataRecordsConsumed));
  }
  return result;
}
