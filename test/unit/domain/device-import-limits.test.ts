// Device import against hostile or odd input: quotes only, huge lines and cells, too many rows,
// fields over the stored limits, and files in other encodings (issue 14 item 7).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkImportRow, IMPORT_LIMITS, parseDeviceImport } from '../../../shared/domain/device-import';
import { decodeImportFile, IMPORT_MAX_BYTES } from '../../../shared/domain/import-file';

const utf16le = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf16le'));
const utf16be = (text: string): Uint8Array => utf16le(text).map((_, i, a) => a[i ^ 1]);
const bytes = (...parts: (number[] | Uint8Array)[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

describe('parseDeviceImport on text without devices', () => {
  it.each(['"', '""', '" "', '"\n\n"', '""\n""\n', '"\r\n"\r\n""', '# only a comment'])(
    'says there is nothing to import for %j instead of crashing',
    (text) => {
      const p = parseDeviceImport(text);
      expect(p.rows).toEqual([]);
      expect(p.errors).toHaveLength(1);
      expect(p.errors[0]).toMatch(/nothing to import/);
    },
  );

  it('never throws on any mix of quotes, separators and line breaks', () => {
    const text = fc.string({ unit: fc.constantFrom('"', ',', ';', '\t', ' ', '\n', '\r', '#', 'a', '1', '.') });
    fc.assert(
      fc.property(text, (t) => {
        const p = parseDeviceImport(t);
        expect(p.errors.length + p.rows.length).toBeGreaterThan(0);
      }),
    );
  });

  it('says a header without rows has no devices', () => {
    expect(parseDeviceImport('name,address\n').errors).toEqual(['The CSV has a header row but no devices under it.']);
  });
});

describe('import limits', () => {
  it('refuses a huge line by number and limit, without echoing it', () => {
    const huge = 'x'.repeat(2_000_000);
    const p = parseDeviceImport(`name,address\npc1,10.0.0.1\n${huge},10.0.0.2\n`);
    expect(p.rows).toEqual([]);
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]).toContain('Line 3 is 2,000,009 characters long');
    expect(p.errors[0]).toContain(`at most ${IMPORT_LIMITS.maxLineChars.toLocaleString('en-US')}`);
    expect(p.errors[0].length).toBeLessThan(300);
  });

  it('refuses more rows than one import takes', () => {
    const lines = Array.from(
      { length: IMPORT_LIMITS.maxRows + 1 },
      (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`,
    );
    const p = parseDeviceImport(lines.join('\n'));
    expect(p.rows).toEqual([]);
    expect(p.errors[0]).toMatch(/100,001 rows; an import takes at most 100,000/);
  });

  it('flags a huge quoted cell in an ignored column on its row only, without echoing it', () => {
    const cell = `"${'line of text\n'.repeat(2_000)}"`;
    const p = parseDeviceImport(`name,address,comment\npc1,10.0.0.1,${cell}\npc2,10.0.0.2,short\n`);
    expect(p.errors).toEqual([]);
    expect(p.rows[0].errors).toEqual(['Column 3 is 26,000 characters long; a cell may have at most 10,000.']);
    expect(p.rows[1].errors).toEqual([]);
  });

  it('flags a note over 4,000 characters in the preview, and accepts exactly 4,000', () => {
    const p = parseDeviceImport(
      `name,address,notes\nlong,10.0.0.1,${'n'.repeat(4001)}\nfits,10.0.0.2,${'n'.repeat(4000)}\n`,
    );
    expect(p.rows[0].errors).toEqual(['The notes are 4,001 characters long; at most 4,000 are allowed.']);
    expect(p.rows[1].errors).toEqual([]);
    expect(p.rows[1].notes).toHaveLength(4000);
  });

  it('keeps long values out of messages and rows', () => {
    const big = 'Z'.repeat(3_000);
    const p = parseDeviceImport(`name,address,tls,port,credential\n${big},${big},${big},${big},${big}\n`);
    const row = p.rows[0];
    expect(row.errors.length).toBeGreaterThanOrEqual(4);
    for (const e of row.errors) expect(e.length).toBeLessThan(200);
    expect(row.name.length).toBeLessThanOrEqual(81);
    expect(row.address.length).toBeLessThanOrEqual(81);
  });

  it('flags what the stored device refuses: a name on two lines, a tag with a comma, a long folder name', () => {
    const p = parseDeviceImport(
      `name,address,tags,folder\n"two\nlines",10.0.0.1,,\nt,10.0.0.2,"a,b",\nf,10.0.0.3,,Site/${'F'.repeat(129)}\n`,
    );
    expect(p.rows.map((r) => r.errors)).toEqual([
      ['Name: A name fits on one line.'],
      ['Tags 1: A tag cannot contain ; , or a line break.'],
      ['Folder 2 of the path: A name is at most 128 characters long.'],
    ]);
  });

  it('checkImportRow answers the cleaned device for a good row', () => {
    const row = { line: 2, name: ' pc ', address: '10.0.0.1', tags: ['a'], notes: 'n', folderPath: 'A/B', errors: [] };
    expect(checkImportRow(row)).toEqual({
      ok: true,
      device: { name: 'pc', address: '10.0.0.1', tags: ['a'], notes: 'n', folderPath: 'A/B' },
    });
  });
});

describe('decodeImportFile', () => {
  const csv = 'name,address\nMüller-PC,10.0.0.1\n';

  it('reads UTF-8 with and without a BOM', () => {
    const plain = new TextEncoder().encode(csv);
    expect(decodeImportFile(plain)).toEqual({ text: csv, encoding: 'UTF-8' });
    expect(decodeImportFile(bytes([0xef, 0xbb, 0xbf], plain))).toEqual({ text: csv, encoding: 'UTF-8 with BOM' });
  });

  it('reads UTF-16 by its BOM and by the NUL pattern', () => {
    expect(decodeImportFile(bytes([0xff, 0xfe], utf16le(csv)))).toEqual({ text: csv, encoding: 'UTF-16LE' });
    expect(decodeImportFile(bytes([0xfe, 0xff], utf16be(csv)))).toEqual({ text: csv, encoding: 'UTF-16BE' });
    expect(decodeImportFile(utf16le(csv))).toEqual({ text: csv, encoding: 'UTF-16LE' });
    expect(decodeImportFile(utf16be(csv))).toEqual({ text: csv, encoding: 'UTF-16BE' });
  });

  it('reads Windows-1252 when the bytes are not UTF-8, keeping the names intact', () => {
    const cp1252 = bytes(
      new TextEncoder().encode('name,address\nM'),
      [0xfc],
      new TextEncoder().encode('ller '),
      [0x80],
      new TextEncoder().encode(',10.0.0.1\n'),
    );
    const decoded = decodeImportFile(cp1252);
    expect(decoded.encoding).toBe('Windows-1252');
    expect(parseDeviceImport(decoded.text).rows[0]).toMatchObject({ name: 'Müller €', errors: [] });
  });

  it('refuses binary, UTF-32, broken UTF-16 and undecodable bytes with a typed error', () => {
    const code = (b: Uint8Array) => {
      try {
        decodeImportFile(b);
        return 'decoded';
      } catch (err) {
        return (err as { code: string }).code;
      }
    };
    expect(code(bytes([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x41, 0x00]))).toBe('device.import-encoding');
    expect(code(bytes([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]))).toBe('device.import-encoding');
    expect(code(bytes([0xff, 0xfe, 0x00, 0xd8, 0x41]))).toBe('device.import-encoding');
    expect(code(bytes(new TextEncoder().encode('a,b\n'), [0x81, 0x8d]))).toBe('device.import-encoding');
    expect(() => decodeImportFile(bytes([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x41, 0x00]))).toThrow(
      /not a text file.*CSV UTF-8/,
    );
  });

  it('refuses a file over the size cap before decoding it', () => {
    expect(() => decodeImportFile(new Uint8Array(IMPORT_MAX_BYTES + 1))).toThrow(
      expect.objectContaining({ code: 'device.import-too-large', message: expect.stringMatching(/at most 16 MB/) }),
    );
  });
});
