import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv } from '../../../shared/domain/csv';
import { parseDeviceImport } from '../../../shared/domain/device-import';
import { normalizeFingerprint } from '../../../shared/domain/fingerprint';
import { findFolderByPath, folderPath, folderSubtree, type Folder } from '../../../shared/domain/folder';
import { summariseJobStatus } from '../../../shared/domain/job';

describe('CSV', () => {
  it('round-trips any table of text', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', ';', 'é') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const padded = rows.map((r) => ['x', ...r]);
        const parsed = parseCsv(formatCsv(padded)).map((r) => r.cells.map((c) => c.replace(/^'(?=[=+\-@\t\r])/, '')));
        expect(parsed).toEqual(padded);
      }),
    );
  });

  it('reports the line each record starts on', () => {
    expect(parseCsv('a,b\n"multi\nline",c\n\nlast,x').map((r) => r.line)).toEqual([1, 2, 5]);
  });
});

describe('parseDeviceImport', () => {
  it('reads a pasted list, one address per line, with per-line errors', () => {
    const p = parseDeviceImport('10.0.0.1\n\n# comment\npc2.example.com\n10.0.0.1\n10.0.0.300\n10.0.0.5, 10.0.0.6\n');
    expect(p.format).toBe('list');
    expect(p.rows.map((r) => [r.line, r.name, r.errors.length])).toEqual([
      [1, '10.0.0.1', 0],
      [4, 'pc2.example.com', 0],
      [5, '10.0.0.1', 1],
      [6, '10.0.0.300', 1],
      [7, '10.0.0.5, 10.0.0.6', 1],
    ]);
    expect(p.rows[2].errors[0]).toContain('already');
    expect(p.rows[3].errors[0]).toContain('not a valid IPv4');
    expect(p.rows[4].errors[0]).toContain('one address per line');
  });

  it('reads CSV with aliases, semicolons, a BOM and unknown columns', () => {
    const p = parseDeviceImport('\uFEFFHost Name;Device;TLS;Port;Colour\r\nfd00::1;core;http;16992;red\r\n');
    expect(p.format).toBe('csv');
    expect(p.ignoredColumns).toEqual(['Colour']);
    expect(p.rows).toEqual([
      { line: 2, name: 'core', address: 'fd00::1', tlsMode: 'plain', port: 16992, tags: [], errors: [] },
    ]);
  });

  it('flags bad cells, unknown credentials and clashes with existing devices', () => {
    const p = parseDeviceImport(
      'name,address,tls,port,credential,fingerprint\n' +
        'a,10.0.0.1,maybe,0,,\n' +
        'b,10.0.0.2,,,Ghost,zz\n' +
        'old,10.0.0.3,,,,\n' +
        'c,10.0.0.4,,,lab,' +
        'AB'.repeat(32) +
        '\n',
      { existingNames: ['OLD'], credentialNames: ['Lab'] },
    );
    expect(p.rows[0].errors).toHaveLength(2);
    expect(p.rows[1].errors.join(' ')).toMatch(/fingerprint.*Ghost|Ghost.*fingerprint/s);
    expect(p.rows[2].errors[0]).toContain('already exists');
    expect(p.rows[3].errors).toEqual([]);
    expect(p.rows[3].tlsFingerprint).toMatch(/^AB:AB:/);
  });

  it('says when a header has no address column, and when there is nothing', () => {
    expect(parseDeviceImport('name,notes\npc,x').errors[0]).toContain('no address column');
    expect(parseDeviceImport('  \n').errors[0]).toContain('nothing to import');
    expect(parseDeviceImport('{not json').errors[0]).toContain('JSON');
    expect(parseDeviceImport('{"a":1}').errors[0]).toContain('not an Outband device export');
  });
});

describe('fingerprints, folders, jobs', () => {
  it('normalises fingerprint spellings', () => {
    const canonical = Array(32).fill('0F').join(':');
    expect(normalizeFingerprint('0f'.repeat(32))).toBe(canonical);
    expect(normalizeFingerprint(`SHA256: ${canonical.toLowerCase()}`)).toBe(canonical);
    expect(normalizeFingerprint('0f'.repeat(31))).toBeNull();
  });

  it('walks folder paths and subtrees', () => {
    const folders: Folder[] = [
      { id: 'a', name: 'Site', parentId: null },
      { id: 'b', name: 'Floor', parentId: 'a' },
      { id: 'c', name: 'Room', parentId: 'b' },
      { id: 'd', name: 'Other', parentId: null },
    ];
    expect(folderPath(folders, 'c')).toBe('Site/Floor/Room');
    expect(folderPath(folders, null)).toBe('');
    expect(findFolderByPath(folders, 'site/ floor ')?.id).toBe('b');
    expect(findFolderByPath(folders, 'site/none')).toBeUndefined();
    expect([...folderSubtree(folders, 'a')].sort()).toEqual(['a', 'b', 'c']);
  });

  it('summarises job results', () => {
    const ok = { host: 'a', ok: true };
    const bad = { host: 'b', ok: false, code: 'wsman.timeout' };
    expect(summariseJobStatus([ok, ok])).toBe('succeeded');
    expect(summariseJobStatus([ok, bad])).toBe('partial');
    expect(summariseJobStatus([bad])).toBe('failed');
    expect(summariseJobStatus([ok], true)).toBe('cancelled');
  });
});
