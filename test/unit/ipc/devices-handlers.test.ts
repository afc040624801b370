import type { Services } from '../../../electron/services';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openTestServices, type TestServices } from '../../support/test-services';

let t: TestServices;
let dataDir = '';
let services: Services;
const saved: { name: string; text: string }[] = [];

beforeEach(async () => {
  saved.length = 0;
  t = await openTestServices({
    prefix: 'outband-devices-ipc-',
    saveFile: async (name, data) => {
      saved.push({ name, text: new TextDecoder().decode(data) });
      return join(dataDir, 'exports', name);
    },
  });
  ({ dataDir, services } = t);
});

afterEach(() => t.close());

const ok = <T>(channel: string, args?: unknown) => t.ok<T>(channel, args);
const fails = (channel: string, args?: unknown) => t.failure(channel, args);

interface Dev {
  id: string;
  name: string;
  address: string;
  folderId: string | null;
  credentialId?: string;
  smb?: { address: string; credentialId: string };
  tlsFingerprint?: string;
  tags: string[];
}

describe('zone channels', () => {
  it('reads and renames the zone, and turning plain HTTP off makes TLS the default', async () => {
    const zone = await ok<{ name: string; allowPlainHttp: boolean }>('zone.get');
    expect(zone.name).toBe('Default zone');
    const next = await ok<{ name: string; allowPlainHttp: boolean; defaultTlsMode: string }>('zone.update', {
      name: '  Lab floor 3 ',
      allowPlainHttp: false,
    });
    expect(next).toMatchObject({ name: 'Lab floor 3', allowPlainHttp: false, defaultTlsMode: 'tls' });
    expect((await ok<{ name: string }>('zone.get')).name).toBe('Lab floor 3');
    expect((await fails('zone.update', { name: '' })).code).toBe('ipc.invalid-arguments');
  });

  it('keeps a new zone to TLS: plain HTTP is allowed for the zone, or chosen for one device', async () => {
    expect(await ok('zone.get')).toMatchObject({ allowPlainHttp: false, defaultTlsMode: 'tls' });
    expect((await fails('device.add', { name: 'a', address: '10.0.0.1', tlsMode: 'plain' })).code).toBe(
      'device.plain-not-allowed',
    );
    const one = await ok<Dev>('device.add', { name: 'a', address: '10.0.0.1', tlsMode: 'plain', allowPlainHttp: true });
    expect(one).toMatchObject({ tlsMode: 'plain', allowPlainHttp: true });
    await ok('zone.update', { allowPlainHttp: true });
    expect(await ok<Dev>('device.add', { name: 'b', address: '10.0.0.2', tlsMode: 'plain' })).not.toHaveProperty(
      'allowPlainHttp',
    );
  });

  it('refuses a plain-HTTP device once the zone forbids it', async () => {
    await ok('zone.update', { allowPlainHttp: false });
    const err = await fails('device.add', { name: 'a', address: '10.0.0.1', tlsMode: 'plain' });
    expect(err.code).toBe('device.plain-not-allowed');
  });
});

describe('folder channels', () => {
  it('creates, renames, nests, moves and removes folders', async () => {
    const lab = await ok<{ id: string }>('folder.add', { name: 'Lab', parentId: null });
    const rack = await ok<{ id: string; parentId: string }>('folder.add', { name: 'Rack 1', parentId: lab.id });
    expect(rack.parentId).toBe(lab.id);
    expect((await fails('folder.add', { name: 'lab', parentId: null })).code).toBe('device.folder-name-taken');
    expect((await fails('folder.move', { id: lab.id, parentId: rack.id })).code).toBe('device.folder-cycle');
    await ok('folder.rename', { id: rack.id, name: 'Rack A' });
    await ok('folder.move', { id: rack.id, parentId: null });
    const folders = await ok<{ name: string; parentId: string | null }[]>('folder.list');
    expect(folders.map((f) => [f.name, f.parentId])).toEqual([
      ['Lab', null],
      ['Rack A', null],
    ]);
    await ok('folder.remove', { id: rack.id });
    expect((await ok<unknown[]>('folder.list')).length).toBe(1);
  });

  it('refuses to delete a folder holding devices unless asked to move them up', async () => {
    const lab = await ok<{ id: string }>('folder.add', { name: 'Lab', parentId: null });
    const dev = await ok<Dev>('device.add', { name: 'pc1', address: '10.0.0.1', folderId: lab.id });
    expect((await fails('folder.remove', { id: lab.id })).code).toBe('device.folder-not-empty');
    await ok('folder.remove', { id: lab.id, moveContentsUp: true });
    const [after] = await ok<Dev[]>('device.list');
    expect(after).toMatchObject({ id: dev.id, folderId: null });
  });
});

describe('device channels', () => {
  it('adds with a cleaned address, edits, moves many and removes many', async () => {
    const cred = await services.vault.create({ name: 'Lab admin', password: 'P@ssw0rd!' });
    const a = await ok<Dev>('device.add', {
      name: 'pc1',
      address: ' [FD00::1] ',
      credentialId: cred.id,
      tags: ['lab'],
      tlsFingerprint: 'ab'.repeat(32),
    });
    expect(a.address).toBe('fd00::1');
    expect(a.tlsFingerprint).toBe(Array(32).fill('AB').join(':'));
    const b = await ok<Dev>('device.add', { name: 'pc2', address: 'pc2.lab.example' });
    expect((await fails('device.add', { name: 'x', address: '10.0.0.256' })).code).toBe('ipc.invalid-arguments');
    expect((await fails('device.add', { name: 'PC1', address: '10.0.0.9' })).code).toBe('device.name-taken');

    // An edit can forget a pin, never type a new one over it (that would skip the mismatch check).
    const repin = await fails('device.update', { id: a.id, patch: { tlsFingerprint: 'cd'.repeat(32) } });
    expect(repin.code).toBe('ipc.invalid-arguments');
    expect(repin.message).toContain('can only be forgotten');
    expect((await ok<Dev[]>('device.list')).find((d) => d.id === a.id)?.tlsFingerprint).toBe(a.tlsFingerprint);
    const edited = await ok<Dev>('device.update', {
      id: a.id,
      patch: { name: 'pc1-renamed', tlsFingerprint: null, smb: { address: '10.1.1.1', credentialId: cred.id } },
    });
    expect(edited.tlsFingerprint).toBeUndefined();
    expect(edited.smb).toEqual({ address: '10.1.1.1', credentialId: cred.id });
    const cleared = await ok<Dev>('device.update', { id: a.id, patch: { smb: null, credentialId: null } });
    expect(cleared.smb).toBeUndefined();
    expect(cleared.credentialId).toBeUndefined();

    const folder = await ok<{ id: string }>('folder.add', { name: 'Moved', parentId: null });
    expect(await ok('device.move', { ids: [a.id, b.id], folderId: folder.id })).toEqual({ moved: 2 });
    expect((await ok<Dev[]>('device.list')).every((d) => d.folderId === folder.id)).toBe(true);
    expect((await fails('device.move', { ids: [a.id], folderId: 'nope' })).code).toBe('device.folder-not-found');

    expect(await ok('device.remove', { ids: [a.id, b.id] })).toEqual({ removed: 2 });
    expect(await ok('device.list')).toEqual([]);
    expect((await fails('device.remove', { ids: [] })).code).toBe('ipc.invalid-arguments');
  });

  it('lists vault credentials for the picker without any secret', async () => {
    await services.vault.create({ name: 'Lab admin', loginName: 'admin', password: 'S3cret-pass!' });
    const choices = await ok<{ name: string; loginName: string }[]>('device.credentialChoices');
    expect(choices).toHaveLength(1);
    expect(choices[0]).toMatchObject({ name: 'Lab admin', loginName: 'admin' });
    expect(JSON.stringify(choices)).not.toContain('S3cret-pass!');
  });
});

describe('import and export channels', () => {
  // The CSV has a plain-HTTP row; a new zone keeps to TLS, so allow it as a person would.
  beforeEach(() => ok('zone.update', { allowPlainHttp: true }));
  const csv = [
    'name,address,tls,tags,folder',
    'a1,10.0.0.1,tls,lab;east,Site/Rack',
    'bad,10.0.0.300,,,',
    'a2,10.0.0.2,plain,,',
  ].join('\n');

  it('previews with per-row errors and writes nothing', async () => {
    const preview = await ok<{ rows: { line: number; errors: string[] }[]; added: number; format: string }>(
      'device.importPreview',
      { text: csv },
    );
    expect(preview.format).toBe('csv');
    expect(preview.added).toBe(0);
    expect(preview.rows.map((r) => [r.line, r.errors.length > 0])).toEqual([
      [2, false],
      [3, true],
      [4, false],
    ]);
    expect(preview.rows[1].errors[0]).toMatch(/10\.0\.0\.300/);
    expect(await ok('device.list')).toEqual([]);
  });

  it('applies the good rows, creating folders by path', async () => {
    const result = await ok<{ added: number }>('device.import', { text: csv });
    expect(result.added).toBe(2);
    const devices = await ok<Dev[]>('device.list');
    expect(devices.map((d) => d.name).sort()).toEqual(['a1', 'a2']);
    const folders = await ok<{ id: string; name: string }[]>('folder.list');
    expect(folders.map((f) => f.name).sort()).toEqual(['Rack', 'Site']);
    const a1 = devices.find((d) => d.name === 'a1');
    expect(folders.find((f) => f.id === a1?.folderId)?.name).toBe('Rack');
    expect(a1?.tags).toEqual(['lab', 'east']);
  });

  it('reports an empty paste as a whole-input error', async () => {
    const preview = await ok<{ errors: string[]; rows: unknown[] }>('device.importPreview', { text: '  ' });
    expect(preview.rows).toEqual([]);
    expect(preview.errors[0]).toMatch(/nothing to import/);
  });

  it('exports CSV and JSON through saveFile, with credential names and no secret', async () => {
    const password = 'Vault-Only-9!';
    const cred = await services.vault.create({ name: 'Lab admin', password });
    const a = await ok<Dev>('device.add', { name: 'pc1', address: '10.0.0.1', credentialId: cred.id });
    await ok('device.add', { name: 'pc2', address: '10.0.0.2' });
    const csvOut = await ok<{ path: string; count: number }>('device.export', { format: 'csv' });
    expect(csvOut.count).toBe(2);
    expect(csvOut.path).toMatch(/outband-devices-.*\.csv$/);
    expect(saved[0].text.split(/\r?\n/)[0]).toMatch(/^name,address,tls/);
    expect(saved[0].text).toContain('Lab admin');

    const jsonOut = await ok<{ count: number }>('device.export', { format: 'json', ids: [a.id] });
    expect(jsonOut.count).toBe(1);
    const parsed = JSON.parse(saved[1].text) as { devices: Record<string, unknown>[] };
    expect(parsed.devices).toHaveLength(1);
    expect(parsed.devices[0]).toMatchObject({ name: 'pc1', credential: 'Lab admin' });
    for (const file of saved) {
      expect(file.text).not.toContain(password);
      expect(file.text.toLowerCase()).not.toContain('password');
    }
    // The vault file itself never held the password either.
    expect(await readFile(join(dataDir, 'credentials.json'), 'utf8')).not.toContain(password);
  });

  it('refuses to export when there is nothing to export', async () => {
    expect((await fails('device.export', { format: 'json' })).code).toBe('device.nothing-to-export');
    expect(saved).toEqual([]);
  });
});
