import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateDocument, openStore, schemaVersionOf, type Store } from '../../../electron/store';
import { folderPath } from '../../../shared/domain/folder';
import { failureOf } from './failure-of';

let dir: string;
let store: Store | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-migrate-'));
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  await rm(dir, { recursive: true, force: true });
});

const v0Devices = {
  devices: [
    { name: 'reception', host: ' 10.0.0.5 ', tls: true, tags: ['floor1'], folder: 'Site A/Floor 1' },
    { name: 'lab-nuc', host: 'NUC1.Example.com', tls: false, port: 16992, credential: 'cred-1', notes: 'bench' },
    { host: '[fd00::1]', folder: 'Site A' },
  ],
};

describe('devices.json v0 → v1', () => {
  it('upgrades on open, keeps the v0 file, and reports it', async () => {
    await writeFile(join(dir, 'devices.json'), JSON.stringify(v0Devices));
    store = await openStore(dir);
    const doc = await store.get('devices');
    expect(doc.schemaVersion).toBe(1);
    expect(doc.devices.map((d) => [d.name, d.address, d.tlsMode, d.port])).toEqual([
      ['reception', '10.0.0.5', 'tls', undefined],
      ['lab-nuc', 'nuc1.example.com', 'plain', 16992],
      ['fd00::1', 'fd00::1', 'tls', undefined],
    ]);
    expect(doc.devices.map((d) => folderPath(doc.folders, d.folderId))).toEqual(['Site A/Floor 1', '', 'Site A']);
    expect(doc.folders).toHaveLength(2);
    expect(doc.devices[1].credentialId).toBe('cred-1');
    expect(doc.devices[0].tags).toEqual(['floor1']);
    expect(store.warnings.map((w) => w.code)).toEqual(['store.migrated']);

    const onDisk = JSON.parse(await readFile(join(dir, 'devices.json'), 'utf8'));
    expect(onDisk.schemaVersion).toBe(1);
    expect(JSON.parse(await readFile(join(dir, 'devices.json.v0'), 'utf8'))).toEqual(v0Devices);

    await store.close();
    store = await openStore(dir);
    expect((await store.get('devices')).devices.map((d) => d.id)).toEqual(doc.devices.map((d) => d.id));
    expect(store.warnings).toEqual([]);
  });

  it('reads a bare v0 array as well', () => {
    const { data, from } = migrateDocument('devices', [{ name: 'a', host: '192.168.1.2' }]);
    expect(from).toBe(0);
    expect(schemaVersionOf(data)).toBe(1);
  });

  it('a v0 document that cannot be upgraded fails clearly and is left untouched', async () => {
    const bad = { devices: [{ name: 'broken', host: '999.1.1.1' }] };
    await writeFile(join(dir, 'devices.json'), JSON.stringify(bad));
    store = await openStore(dir);
    const err = await failureOf(store.get('devices'));
    expect(err.code).toBe('store.corrupt');
    expect(err.message).toContain('broken');
    expect(JSON.parse(await readFile(join(dir, 'devices.json'), 'utf8'))).toEqual(bad);
  });
});

describe('other v0 documents', () => {
  it('credentials: user becomes loginName', async () => {
    await writeFile(join(dir, 'credentials.json'), JSON.stringify([{ id: 'c1', name: 'Lab', user: 'root' }]));
    store = await openStore(dir);
    const doc = await store.get('credentials');
    expect(doc.credentials).toMatchObject([{ id: 'c1', name: 'Lab', loginName: 'root', description: '' }]);
  });

  it('a migration table with a gap fails with store.migration-missing', () => {
    const table = { ...MIGRATIONS, jobs: {} };
    expect(() => migrateDocument('jobs', [], table)).toThrow(
      expect.objectContaining({ code: 'store.migration-missing' }),
    );
  });

  it('migrates through several versions in order', () => {
    const table = {
      ...MIGRATIONS,
      jobs: {
        0: (raw: unknown) => ({ schemaVersion: 1, jobs: raw, trail: ['0→1'] }),
        1: (raw: unknown) => ({
          ...(raw as object),
          schemaVersion: 2,
          trail: [...(raw as { trail: string[] }).trail, '1→2'],
        }),
      },
    };
    const { data } = migrateDocument('jobs', [], table, 2);
    expect(data).toEqual({ schemaVersion: 2, jobs: [], trail: ['0→1', '1→2'] });
  });
});
