import { describe, expect, it } from 'vitest';
import {
  decodeSetupBin,
  describeEntries,
  encodeLayout,
  encodeSetupBin,
  entriesToConfig,
  formatSetupBinReport,
  type SetupBinConfig,
} from '../../../shared/setupbin';
import { asciiToBytes } from '../../../shared/setupbin/bytes';

const base: SetupBinConfig = { currentMebxPassword: 'admin', newMebxPassword: 'P@ssw0rd!' };

/** What firmware does after applying record `i` (§5 item 4): zero the body, clear Valid, count it. */
function consume(bytes: Uint8Array, i: number): void {
  const off = 512 + i * 512;
  bytes.fill(0, off + 24, off + 512);
  bytes[off + 4] &= ~1;
  const v = new DataView(bytes.buffer);
  v.setUint32(0x20, v.getUint32(0x20, true) + 1, true);
}

describe('decodeSetupBin is tolerant', () => {
  it('reads consumed records of a scrambled file as wiped and keeps reading the rest', () => {
    const bytes = encodeSetupBin({ ...base, domain: 'corp.example' }, { version: '4', scramble: true, records: 3 });
    consume(bytes, 0);
    const file = decodeSetupBin(bytes);
    expect(file.header?.dataRecordsConsumed).toBe(1);
    expect(file.records[0]).toMatchObject({ consumed: true, valid: false, scrambled: true, wiped: true, entries: [] });
    expect(file.records[0].problems).toEqual([]);
    expect(file.records[1].consumed).toBe(false);
    expect(file.records[1].entries.map((e) => e.key)).toEqual(['CurrentMebxPwd', 'NewMebxPwd', 'DomainName']);
    expect(file.problems).toEqual([]);
  });

  it('says when every record is consumed', () => {
    const bytes = encodeSetupBin(base);
    consume(bytes, 0);
    expect(decodeSetupBin(bytes).problems.join()).toMatch(/every record has been consumed/);
  });

  it('reports unknown variables and modules without throwing, and keeps their bytes', () => {
    const bytes = encodeLayout(
      [
        [
          { module: 1, variable: 1, value: asciiToBytes('admin') },
          { module: 2, variable: 99, value: Uint8Array.of(1, 2, 3) },
          { module: 5, variable: 1, value: Uint8Array.of(9) },
        ],
      ],
      { version: '4', reusable: false, scramble: false, chunksPerRecord: 1 },
    );
    const [, unknownVar, unknownModule] = decodeSetupBin(bytes).records[0].entries;
    expect(unknownVar.name).toBe('Unknown variable (2,99)');
    expect(unknownVar.display).toBe('0x010203');
    expect(unknownVar.problems[0]).toMatch(/modern MEBx aborts the whole record/);
    expect(unknownModule.problems[0]).toMatch(/unknown module 5/);
    const config = entriesToConfig(decodeSetupBin(bytes).records[0].entries);
    expect(config.extraEntries).toEqual([
      { module: 2, variable: 99, hex: '010203' },
      { module: 5, variable: 1, hex: '09' },
    ]);
  });

  it('decodes a file with no entries and an empty module list', () => {
    const bytes = encodeLayout([[]], { version: '3', reusable: false, scramble: false, chunksPerRecord: 1 });
    const file = decodeSetupBin(bytes);
    expect(file.header?.moduleList).toEqual([]);
    expect(file.records[0].entries).toEqual([]);
    expect(file.records[0].wiped).toBe(true);
  });

  it('reports a short file, a size mismatch and a bad GUID', () => {
    expect(decodeSetupBin(new Uint8Array(100)).problems[0]).toMatch(/shorter than the 512-byte header/);
    const bytes = encodeSetupBin(base);
    const longer = new Uint8Array(1536);
    longer.set(bytes);
    expect(decodeSetupBin(longer).problems.join()).toMatch(/size mismatched/);
    const wrongGuid = bytes.slice();
    wrongGuid[0x18] = 3; // v4 GUID with major 3
    expect(decodeSetupBin(wrongGuid).header?.version).toBeNull();
    expect(decodeSetupBin(wrongGuid).problems[0]).toMatch(/not a combination firmware accepts/);
  });

  it('stops at an entry that runs past the record', () => {
    const bytes = encodeSetupBin(base);
    new DataView(bytes.buffer).setUint16(512 + 24 + 4, 600, true);
    const rec = decodeSetupBin(bytes).records[0];
    expect(rec.entries).toEqual([]);
    expect(rec.problems[0]).toMatch(/runs past the end of the record/);
  });

  it('masks passwords in descriptions unless asked', () => {
    const entries = decodeSetupBin(encodeSetupBin({ ...base, kvm: true })).records[0].entries;
    const masked = describeEntries(entries);
    expect(masked[0].value).toBe('•••••••• (5 characters)');
    expect(masked[2]).toMatchObject({ id: '(2,25)', name: 'KVM (remote desktop)', value: '1 (enabled)' });
    expect(describeEntries(entries, { revealSecrets: true })[1].value).toBe('P@ssw0rd!');
    const report = formatSetupBinReport(decodeSetupBin(encodeSetupBin(base)));
    expect(report).toContain('File version: 4');
    expect(report).not.toContain('P@ssw0rd!');
  });
});
