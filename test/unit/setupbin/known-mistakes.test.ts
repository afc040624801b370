/** setup-bin.md §11: each mistake of an existing tool, and that we neither make it nor trip on it. */
import { describe, expect, it } from 'vitest';
import { decodeSetupBin, encodeSetupBin, encodeLayout, type SetupBinConfig } from '../../../shared/setupbin';
import { asciiToBytes } from '../../../shared/setupbin/bytes';

const base: SetupBinConfig = { currentMebxPassword: 'admin', newMebxPassword: 'P@ssw0rd!' };
const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

describe('known mistakes of existing tools (§11)', () => {
  it('MeshCommander "New file" zero chunk counts: we write 1 and 1, and flag files with 0', () => {
    const bytes = encodeSetupBin(base);
    expect(view(bytes).getUint16(0x10, true)).toBe(1);
    expect(view(bytes).getUint16(0x24, true)).toBe(1);
    const broken = bytes.slice();
    view(broken).setUint16(0x10, 0, true);
    view(broken).setUint16(0x24, 0, true);
    const problems = decodeSetupBin(broken).problems.join('\n');
    expect(problems).toMatch(/RecordChunkCount is 0/);
    expect(problems).toMatch(/DataRecordChunkCount is 0/);
  });

  it('MeshCommander decoder reads chunk count and header size at +8/+10; we read +0x10/+0x12', () => {
    const bytes = encodeSetupBin(base);
    // Put junk in the reserved bytes at +8…+15: a +8/+10 reader would take it for the counts.
    bytes.set([0x07, 0x00, 0x30, 0x00], 512 + 8);
    const rec = decodeSetupBin(bytes).records[0];
    expect(rec.chunkCount).toBe(1);
    expect(rec.headerByteCount).toBe(24);
    expect(rec.entries.map((e) => e.display)).toEqual(['admin', 'P@ssw0rd!']);
    expect(rec.problems).toContain('record reserved bytes 8…15 are not zero');
  });

  it('MeshCommander types the idle timeout (2,15) as a string: we write a 4-byte u32 and flag other lengths', () => {
    const bytes = encodeSetupBin({ ...base, idleTimeout: 65 });
    const entry = decodeSetupBin(bytes).records[0].entries.find((e) => e.variable === 15)!;
    expect(entry.length).toBe(4);
    expect(Array.from(entry.raw)).toEqual([65, 0, 0, 0]);
    const asString = encodeLayout(
      [
        [
          { module: 1, variable: 1, value: asciiToBytes('admin') },
          { module: 2, variable: 15, value: asciiToBytes('65') },
        ],
      ],
      {
        version: '4',
        reusable: false,
        scramble: false,
        chunksPerRecord: 1,
      },
    );
    const bad = decodeSetupBin(asString).records[0].entries.find((e) => e.variable === 15)!;
    expect(bad.problems[0]).toMatch(/length 2 is not allowed/);
  });

  it('MeshCommander decoder stops when module OR variable is 0; firmware only stops on an all-zero header', () => {
    const file = encodeLayout(
      [
        [
          { module: 1, variable: 1, value: asciiToBytes('admin') },
          { module: 0, variable: 7, value: Uint8Array.of(1) },
          { module: 2, variable: 25, value: Uint8Array.of(1) },
        ],
      ],
      { version: '4', reusable: false, scramble: false, chunksPerRecord: 1 },
    );
    // encodeLayout sorts: module 0 comes first, then the rest, all of which must be read.
    const entries = decodeSetupBin(file).records[0].entries;
    expect(entries.map((e) => `${e.module},${e.variable}`)).toEqual(['0,7', '1,1', '2,25']);
    expect(entries[0].problems).toContain('module 0 is invalid');
    expect(entries[2].display).toBe('1 (enabled)');
  });

  it('older MeshCommander wrote no module list but kept 46 header bytes: such a file decodes cleanly', () => {
    const bytes = encodeSetupBin({ ...base, kvm: true });
    bytes.fill(0, 0x28, 0x2e);
    const file = decodeSetupBin(bytes);
    expect(file.header?.moduleList).toEqual([]);
    expect(file.header?.recordHeaderByteCount).toBe(46);
    expect(file.problems).toEqual([]);
    expect(file.records[0].entries).toHaveLength(3);
  });

  it('USBFile "-consume 1" means consumable: FileFlags bit0 = 0 unless reusable is asked for', () => {
    expect(view(encodeSetupBin(base)).getUint16(0x1a, true)).toBe(0);
    expect(decodeSetupBin(encodeSetupBin(base)).header?.reusable).toBe(false);
    expect(view(encodeSetupBin(base, { reusable: true })).getUint16(0x1a, true)).toBe(1);
    expect(decodeSetupBin(encodeSetupBin(base, { reusable: true })).header?.reusable).toBe(true);
  });
});
