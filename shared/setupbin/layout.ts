/**
 * Writes the byte layout of setup.bin (setup-bin.md §2, §4, §10): the header chunk and the data
 * records with their TLV entries. Values arrive already encoded; checks live in validate.ts.
 */
import { guidToBytes } from './bytes';
import {
  CHUNK,
  ENTRY_HEADER_BYTES,
  FILE_FLAG_DONT_CONSUME,
  HDR,
  REC,
  RECORD_FLAG_SCRAMBLED,
  RECORD_FLAG_VALID,
  RECORD_HEADER_BYTES,
  SCRAMBLE_ADD,
  VERSION_INFO,
  type SetupBinVersion,
} from './format';

/** One entry: a variable and its encoded value bytes (without padding). */
export interface SetupBinEntry {
  module: number;
  variable: number;
  value: Uint8Array;
}

/** How the file around the records is laid out. */
export interface LayoutOptions {
  version: SetupBinVersion;
  /** FileFlags bit0 (DONT_CONSUME_RECORDS). */
  reusable: boolean;
  /** RecordFlags bit1: add 0x11 to every byte after the record header. */
  scramble: boolean;
  /** DataRecordChunkCount, 1 to 10; 1 is what every Intel tool writes. */
  chunksPerRecord: number;
}

/** Bytes an entry takes in a record: its header, its value and the padding to 4 bytes. */
export function entrySpan(valueLength: number): number {
  return ENTRY_HEADER_BYTES + Math.ceil(valueLength / 4) * 4;
}

/** Sorts entries by (module, variable); equal keys keep their order (several hashes). */
export function sortEntries(entries: readonly SetupBinEntry[]): SetupBinEntry[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.module - b.e.module || a.e.variable - b.e.variable || a.i - b.i)
    .map(({ e }) => e);
}

/** Bytes the sorted entries take inside a record body. */
export function entriesSpan(entries: readonly SetupBinEntry[]): number {
  return entries.reduce((sum, e) => sum + entrySpan(e.value.length), 0);
}

/** Encodes one data record of `chunks` × 512 bytes, record number 1-based. */
export function encodeRecord(
  entries: readonly SetupBinEntry[],
  recordNumber: number,
  options: { scramble: boolean; chunks: number },
): Uint8Array {
  const size = options.chunks * CHUNK;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(REC.type, 1, true);
  view.setUint32(REC.flags, RECORD_FLAG_VALID | (options.scramble ? RECORD_FLAG_SCRAMBLED : 0), true);
  view.setUint16(REC.chunkCount, options.chunks, true);
  view.setUint16(REC.headerByteCount, RECORD_HEADER_BYTES, true);
  view.setUint32(REC.recordNumber, recordNumber, true);
  let pos = RECORD_HEADER_BYTES;
  for (const e of sortEntries(entries)) {
    if (pos + entrySpan(e.value.length) > size) {
      throw new RangeError(`record ${recordNumber}: entries need more than ${size - RECORD_HEADER_BYTES} bytes`);
    }
    view.setUint16(pos, e.module, true);
    view.setUint16(pos + 2, e.variable, true);
    view.setUint16(pos + 4, e.value.length, true);
    out.set(e.value, pos + ENTRY_HEADER_BYTES);
    pos += entrySpan(e.value.length);
  }
  if (options.scramble) {
    for (let i = RECORD_HEADER_BYTES; i < size; i++) out[i] = (out[i] + SCRAMBLE_ADD) & 0xff;
  }
  return out;
}

/** The distinct module IDs used by the records, ascending. */
export function modulesUsed(records: readonly (readonly SetupBinEntry[])[]): number[] {
  const set = new Set<number>();
  for (const r of records) for (const e of r) set.add(e.module);
  return [...set].sort((a, b) => a - b);
}

/** Encodes the 512-byte file header for `recordCount` records using `modules`. */
export function encodeHeader(recordCount: number, modules: readonly number[], options: LayoutOptions): Uint8Array {
  const out = new Uint8Array(CHUNK);
  const view = new DataView(out.buffer);
  const info = VERSION_INFO[options.version];
  out.set(guidToBytes(info.guid), HDR.guid);
  view.setUint16(HDR.recordChunkCount, 1, true);
  view.setUint16(HDR.recordHeaderByteCount, 40 + 2 * (modules.length + 1), true);
  view.setUint32(HDR.recordNumber, 0, true);
  out[HDR.major] = info.major;
  out[HDR.minor] = info.minor;
  view.setUint16(HDR.fileFlags, options.reusable ? FILE_FLAG_DONT_CONSUME : 0, true);
  view.setUint32(HDR.dataRecordCount, recordCount, true);
  view.setUint32(HDR.dataRecordsConsumed, 0, true);
  view.setUint16(HDR.dataRecordChunkCount, options.chunksPerRecord, true);
  modules.forEach((m, i) => view.setUint16(HDR.moduleList + 2 * i, m, true));
  return out;
}

/** Encodes a whole file: header plus one record per entry list. Size is (1 + N·chunks) × 512. */
export function encodeLayout(records: readonly (readonly SetupBinEntry[])[], options: LayoutOptions): Uint8Array {
  const recordSize = options.chunksPerRecord * CHUNK;
  const out = new Uint8Array(CHUNK + records.length * recordSize);
  out.set(encodeHeader(records.length, modulesUsed(records), options), 0);
  records.forEach((entries, i) => {
    const rec = encodeRecord(entries, i + 1, { scramble: options.scramble, chunks: options.chunksPerRecord });
    out.set(rec, CHUNK + i * recordSize);
  });
  return out;
}
