import { describe, expect, it } from 'vitest';
import { decodeSetupBin, encodeSetupBin, type SetupBinConfig } from '../../../shared/setupbin';
import { hexToBytes, bytesToHex } from '../../../shared/setupbin/bytes';

const hex = (s: string): Uint8Array => hexToBytes(s.replace(/\s+/g, '')) as Uint8Array;
const u16 = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number): number => new DataView(b.buffer, b.byteOffset).getUint32(o, true);

const base: SetupBinConfig = { currentMebxPassword: 'admin', newMebxPassword: 'P@ssw0rd!' };

describe('file header (setup-bin.md §2, §3)', () => {
  const guidsOnDisk: [string, string, number, number][] = [
    ['1', 'b5 16 fb 71 87 cb f9 4a b4 41 ca 7b 38 35 78 f9', 1, 0],
    ['2', '96 b2 81 58 cf 6b 72 4c 8b 91 a1 5e 51 2e 99 c4', 2, 0],
    ['2.1', '96 b2 81 58 cf 6b 72 4c 8b 91 a1 5e 51 2e 99 c4', 2, 1],
    ['3', 'a7 f7 f6 c6 89 c4 f6 47 93 ed e2 e5 02 0d a5 1d', 3, 0],
    ['4', 'aa a9 34 52 e1 29 a9 44 8d 4d 08 1c 07 b9 63 53', 4, 0],
  ];
  it.each(guidsOnDisk)('version %s writes its GUID bytes and Major.Minor', (version, guid, major, minor) => {
    const config: SetupBinConfig =
      version === '1' ? { currentMebxPassword: 'admin', newMebxPassword: 'P@ssw0rd!' } : base;
    const bytes = encodeSetupBin(config, { version: version as '1' });
    expect(bytesToHex(bytes.subarray(0, 16))).toBe(guid.replace(/ /g, ''));
    expect(bytes[0x18]).toBe(major);
    expect(bytes[0x19]).toBe(minor);
  });

  it('lays out the header like the Intel ACU sample: counts 1, 46 header bytes, module list 1,2', () => {
    const bytes = encodeSetupBin({ ...base, kvm: true }, { version: '4' });
    expect(bytes.length).toBe(1024);
    expect(u16(bytes, 0x10)).toBe(1); // RecordChunkCount
    expect(u16(bytes, 0x12)).toBe(0x2e); // 40 + 2 × (2 modules + 1)
    expect(u32(bytes, 0x14)).toBe(0); // RecordNumber
    expect(u16(bytes, 0x1a)).toBe(0); // consumable
    expect(u32(bytes, 0x1c)).toBe(1); // DataRecordCount
    expect(u32(bytes, 0x20)).toBe(0); // consumed
    expect(u16(bytes, 0x24)).toBe(1); // DataRecordChunkCount
    expect(u16(bytes, 0x26)).toBe(0);
    expect(bytesToHex(bytes.subarray(0x28, 0x2e))).toBe('010002000000');
    expect(bytes.subarray(0x2e, 512).every((b) => b === 0)).toBe(true);
  });

  it('writes one module in the list when only module 1 is used (header bytes 44)', () => {
    const bytes = encodeSetupBin(base, { version: '4' });
    expect(u16(bytes, 0x12)).toBe(44);
    expect(bytesToHex(bytes.subarray(0x28, 0x2c))).toBe('01000000');
  });

  it('sets FileFlags bit0 for a reusable key and sizes the file (1 + N) × 512', () => {
    const bytes = encodeSetupBin(base, { version: '3', reusable: true, records: 5 });
    expect(u16(bytes, 0x1a)).toBe(1);
    expect(u32(bytes, 0x1c)).toBe(5);
    expect(bytes.length).toBe(6 * 512);
  });
});

describe('data records (setup-bin.md §4)', () => {
  it('writes the record header and the admin entry exactly as the sample', () => {
    const bytes = encodeSetupBin(base, { version: '4' });
    const rec = bytes.subarray(512, 1024);
    expect(bytesToHex(rec.subarray(0, 24))).toBe(
      '01000000' + '01000000' + '0000000000000000' + '0100' + '1800' + '01000000',
    );
    // (1,1) "admin": length 5, value, 3 bytes of zero padding
    expect(bytesToHex(rec.subarray(24, 40))).toBe('0100010005000000' + '61646d696e000000');
    // (1,2) follows, 9 characters padded to 12
    expect(bytesToHex(rec.subarray(40, 48))).toBe('0100020009000000');
    expect(rec.subarray(48, 57)).toEqual(hex('50 40 73 73 77 30 72 64 21'));
    expect(rec.subarray(57, 512).every((b) => b === 0)).toBe(true);
  });

  it('numbers records 1…N', () => {
    const bytes = encodeSetupBin(base, { records: 3 });
    expect([1, 2, 3].map((i) => u32(bytes, 512 * i + 0x14))).toEqual([1, 2, 3]);
  });

  it('scrambles from byte 24 to the end of the record: zero fill becomes 0x11, header stays', () => {
    const plain = encodeSetupBin(base, { version: '4' });
    const scrambled = encodeSetupBin(base, { version: '4', scramble: true });
    expect(u32(scrambled, 512 + 4)).toBe(3); // Valid | Scrambled
    expect(scrambled.subarray(512 + 8, 512 + 24)).toEqual(plain.subarray(512 + 8, 512 + 24));
    for (let i = 512 + 24; i < 1024; i++) expect(scrambled[i]).toBe((plain[i] + 0x11) & 0xff);
    expect(scrambled[1023]).toBe(0x11);
    expect(decodeSetupBin(scrambled).records[0].entries.map((e) => e.display)).toEqual(['admin', 'P@ssw0rd!']);
  });

  it('stores the power package GUID in EFI order (§7.1 sample)', () => {
    const bytes = encodeSetupBin({ ...base, powerPackage: '46732273-DC23-2F43-A98A-13D37982D855' });
    const at = bytes.findIndex(
      (_, i) => u16(bytes, i) === 1 && u16(bytes, i + 2) === 6 && u16(bytes, i + 4) === 16 && i > 512,
    );
    expect(bytesToHex(bytes.subarray(at + 8, at + 24))).toBe('7322734623dc432fa98a13d37982d855');
  });

  it('writes the certificate hash structure of the jclab sample: algorithm 2, 32 bytes, name, length 45', () => {
    const hash = 'ab'.repeat(32);
    const bytes = encodeSetupBin({ ...base, certificateHashes: [{ name: 'AMT Test CA', algorithm: 'sha256', hash }] });
    const entry = decodeSetupBin(bytes).records[0].entries.find((e) => e.variable === 8 && e.module === 2);
    expect(entry?.length).toBe(45);
    expect(entry?.raw[0]).toBe(2);
    expect(bytesToHex(entry!.raw.subarray(1, 33))).toBe(hash);
    expect(entry?.raw[33]).toBe(11);
    expect(entry?.display).toBe(`AMT Test CA (SHA256 ${hash})`);
  });

  it('reverses IPv4 bytes for the provisioning server and the static block', () => {
    const bytes = encodeSetupBin({
      ...base,
      provisioningServer: '192.168.1.10',
      provisioningServerPort: 9971,
      staticIpv4: { address: '10.0.0.5', mask: '255.255.255.0', gateway: '10.0.0.1', primaryDns: '10.0.0.2' },
    });
    const entries = decodeSetupBin(bytes).records[0].entries;
    const raw = (v: number): string => bytesToHex(entries.find((e) => e.variable === v && e.module === 2)!.raw);
    expect(raw(17)).toBe('0a01a8c0');
    expect(raw(18)).toBe('f326');
    expect(raw(19)).toBe('0500000a' + '00ffffff' + '0100000a' + '0200000a' + '00000000');
    expect(raw(13)).toBe('01'); // static block implies DHCP off
  });

  it('sorts entries by (module, variable) so the same settings give the same bytes', () => {
    const a = encodeSetupBin({
      kvm: true,
      hostname: 'pc1',
      currentMebxPassword: 'admin',
      newMebxPassword: 'P@ssw0rd!',
      enableAmt: true,
    });
    const b = encodeSetupBin({
      enableAmt: true,
      newMebxPassword: 'P@ssw0rd!',
      currentMebxPassword: 'admin',
      hostname: 'pc1',
      kvm: true,
    });
    expect(a).toEqual(b);
    const ids = decodeSetupBin(a).records[0].entries.map((e) => `${e.module},${e.variable}`);
    expect(ids).toEqual(['1,1', '1,2', '1,3', '2,11', '2,25']);
  });

  it('puts the start-configuration entry after suffix, FQDN and server address', () => {
    const bytes = encodeSetupBin({
      ...base,
      provisioning: 'start',
      provisioningServer: '10.1.1.1',
      fqdn: 'rcs.example.com',
      pkiDnsSuffix: 'example.com',
    });
    const ids = decodeSetupBin(bytes).records[0].entries.map((e) => e.variable);
    expect(ids.indexOf(28)).toBeGreaterThan(ids.indexOf(17));
    expect(ids.indexOf(28)).toBeGreaterThan(ids.indexOf(4));
  });
});
