import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../electron/store';
import { DeviceService, Vault } from '../../../electron/vault';
import { folderPath } from '../../../shared/domain/folder';
import { parseDeviceImport } from '../../../shared/domain/device-import';
import { TestSecretStore } from './secret-doubles';

let dir: string;
let store: Store;
let devices: DeviceService;
let vault: Vault;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-devices-'));
  store = await openStore(dir);
  devices = new DeviceService(store);
  vault = new Vault(store, new TestSecretStore());
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** A new zone keeps to TLS; tests with plain-HTTP devices allow it, as a person would in the zone settings. */
async function allowPlainHttp(): Promise<void> {
  await store.update('zone', (doc) => void (doc.zone.allowPlainHttp = true));
}

describe('DeviceService', () => {
  it('adds a device with cleaned address, TLS by default and an optional port override', async () => {
    const d = await devices.add({ name: 'pc1', address: ' [FD00::5] ', port: 17000, tags: ['lab'] });
    expect(d).toMatchObject({
      name: 'pc1',
      address: 'fd00::5',
      tlsMode: 'tls',
      port: 17000,
      tags: ['lab'],
      folderId: null,
    });
    expect(await devices.list()).toEqual([d]);
  });

  it('rejects bad input with readable device.* errors', async () => {
    await expect(devices.add({ name: 'x', address: '10.0.0.300' })).rejects.toMatchObject({ code: 'device.invalid' });
    await expect(devices.add({ name: 'x', address: '10.0.0.1', credentialId: 'missing' })).rejects.toMatchObject({
      code: 'device.credential-not-found',
    });
    await expect(devices.add({ name: 'x', address: '10.0.0.1', folderId: 'missing' })).rejects.toMatchObject({
      code: 'device.folder-not-found',
    });
    await expect(devices.add({ name: 'x', address: '10.0.0.1', tlsFingerprint: 'abc' })).rejects.toMatchObject({
      code: 'device.invalid',
    });
    expect(await devices.list()).toEqual([]);
  });

  it('keeps names unique and endpoints unique', async () => {
    await allowPlainHttp();
    await devices.add({ name: 'pc1', address: '10.0.0.1' });
    await expect(devices.add({ name: 'PC1', address: '10.0.0.2' })).rejects.toMatchObject({
      code: 'device.name-taken',
    });
    await expect(devices.add({ name: 'pc2', address: '10.0.0.1' })).rejects.toMatchObject({
      code: 'device.address-taken',
    });
    // The same address on another port is another endpoint (a NAT, a simulator fleet).
    await devices.add({ name: 'sim2', address: '10.0.0.1', port: 20001, tlsMode: 'plain' });
    expect(await devices.list()).toHaveLength(2);
  });

  it('honours the zone switch for plain HTTP', async () => {
    await store.update('zone', (doc) => void (doc.zone.allowPlainHttp = false));
    await expect(devices.add({ name: 'p', address: '10.0.0.1', tlsMode: 'plain' })).rejects.toMatchObject({
      code: 'device.plain-not-allowed',
    });
    const imported = await devices.importDevices('name,address,tls\nq,10.0.0.2,plain\nr,10.0.0.3,tls\n');
    expect(imported.added.map((d) => d.name)).toEqual(['r']);
    expect(imported.preview.rows[0].errors[0]).toContain('Plain HTTP');
  });

  it('imports plain HTTP on a TLS-only zone only for rows that choose it, and exports the choice back', async () => {
    const csv =
      'name,address,tls,plainHttp\na,10.0.0.2,plain,yes\nb,10.0.0.3,plain,\nc,10.0.0.4,tls,yes\nd,10.0.0.5,plain,maybe\n';
    const dry = await devices.importDevices(csv, { dryRun: true });
    const result = await devices.importDevices(csv);
    // Preview and commit agree row by row.
    expect(dry.preview.rows.map((r) => r.errors.length === 0)).toEqual([true, false, true, false]);
    expect(result.added.map((d) => d.name)).toEqual(['a', 'c']);
    expect(result.preview.rows[1].errors[0]).toContain('plainHttp column');
    expect(result.preview.rows[3].errors[0]).toContain('plainHttp "maybe"');
    const byName = Object.fromEntries((await devices.list()).map((d) => [d.name, d]));
    expect(byName.a).toMatchObject({ tlsMode: 'plain', allowPlainHttp: true });
    expect(byName.c.allowPlainHttp).toBeUndefined();
    // The export carries the choice, and reads back into a fresh profile the same way.
    const exported = await devices.exportDevices('csv');
    await devices.remove((await devices.list()).map((d) => d.id));
    const again = await devices.importDevices(exported);
    expect(again.added.find((d) => d.name === 'a')).toMatchObject({ tlsMode: 'plain', allowPlainHttp: true });
    expect(again.added).toHaveLength(2);
  });

  it('updates, clears optional fields with null, records firmware, moves and removes', async () => {
    const cred = await vault.create({ name: 'Lab', password: 'pw' });
    const d = await devices.add({
      name: 'pc1',
      address: 'pc1.example.com',
      tlsFingerprint: 'ab'.repeat(32),
      credentialId: cred.id,
    });
    expect(d.tlsFingerprint).toBe(Array(32).fill('AB').join(':'));
    const updated = await devices.update(d.id, {
      tlsFingerprint: null,
      notes: 'rack 4',
      smb: { address: '10.9.9.9', credentialId: cred.id },
    });
    expect(updated.tlsFingerprint).toBeUndefined();
    expect(updated).toMatchObject({ notes: 'rack 4', smb: { address: '10.9.9.9', credentialId: cred.id } });
    await expect(devices.update(d.id, { credentialId: 'gone' })).rejects.toMatchObject({
      code: 'device.credential-not-found',
    });

    const fw = await devices.recordFirmware(d.id, { amtVersion: '16.1.25', controlMode: 'admin', powerState: 2 });
    expect(fw.firmware).toMatchObject({ amtVersion: '16.1.25', controlMode: 'admin', powerState: 2 });
    expect(fw.firmware?.lastSeen).toBeTruthy();
    const again = await devices.recordFirmware(d.id, { powerState: 8 });
    expect(again.firmware).toMatchObject({ amtVersion: '16.1.25', powerState: 8 });

    const lab = await devices.folders.add('Lab');
    await devices.move([d.id], lab.id);
    expect((await devices.get(d.id)).folderId).toBe(lab.id);
    expect(await devices.remove([d.id, 'not-there'])).toBe(1);
    expect(await devices.list()).toEqual([]);
  });

  it('manages nested folders: paths, cycles, non-empty removal', async () => {
    const leaf = await devices.folders.ensurePath('Site A/Floor 1/Room 3');
    const again = await devices.folders.ensurePath('site a / floor 1 / room 3');
    expect(again).toBe(leaf);
    const folders = await devices.listFolders();
    expect(folderPath(folders, leaf)).toBe('Site A/Floor 1/Room 3');
    const siteA = folders.find((f) => f.name === 'Site A')!;
    await expect(devices.folders.move(siteA.id, leaf)).rejects.toMatchObject({ code: 'device.folder-cycle' });
    await expect(devices.folders.add('Floor 1', siteA.id)).rejects.toMatchObject({ code: 'device.folder-name-taken' });
    const d = await devices.add({ name: 'pc', address: '10.0.0.9', folderId: leaf });
    await expect(devices.folders.remove(leaf!)).rejects.toMatchObject({ code: 'device.folder-not-empty' });
    await devices.folders.remove(leaf!, { moveContentsUp: true });
    expect(folderPath(await devices.listFolders(), (await devices.get(d.id)).folderId)).toBe('Site A/Floor 1');
  });

  it('imports a CSV in one write, skipping bad rows, creating folders and resolving credentials', async () => {
    await allowPlainHttp();
    const cred = await vault.create({ name: 'Lab', password: 'pw' });
    await devices.add({ name: 'existing', address: '10.0.0.1' });
    const csv = [
      'name,address,tls,port,credential,tags,folder,notes',
      'a,10.0.0.2,tls,,Lab,x;y,Site/Floor,first',
      'b,10.0.0.3,plain,16992,,,,',
      'dup,10.0.0.1,,,,,,',
      'bad,10.0.0.999,,,,,,',
      'c,c.example.com,,,NoSuch,,,',
    ].join('\n');
    const dry = await devices.importDevices(csv, { dryRun: true });
    expect(dry.added).toEqual([]);
    expect(dry.preview.rows.map((r) => r.errors.length === 0)).toEqual([true, true, false, false, false]);
    expect(await devices.list()).toHaveLength(1);

    const result = await devices.importDevices(csv);
    expect(result.added.map((d) => d.name)).toEqual(['a', 'b']);
    const a = await devices.findByName('a');
    expect(a).toMatchObject({ credentialId: cred.id, tags: ['x', 'y'], notes: 'first', tlsMode: 'tls' });
    expect(folderPath(await devices.listFolders(), a!.folderId)).toBe('Site/Floor');
    expect(await devices.findByName('b')).toMatchObject({ tlsMode: 'plain', port: 16992 });
  });

  it('exports CSV and JSON that import reads back into the same devices', async () => {
    await allowPlainHttp();
    const cred = await vault.create({ name: 'Lab', password: 'pw' });
    const folder = await devices.folders.ensurePath('HQ/2F');
    await devices.add({
      name: 'one',
      address: '10.1.1.1',
      credentialId: cred.id,
      tags: ['a', 'b'],
      folderId: folder,
      notes: '=cmd',
    });
    await devices.add({ name: 'two, quoted "x"', address: 'fd00::2', tlsMode: 'plain', port: 16992 });
    for (const format of ['csv', 'json'] as const) {
      const text = await devices.exportDevices(format);
      const preview = parseDeviceImport(text, { credentialNames: ['Lab'] });
      expect(preview.format).toBe(format);
      expect(preview.rows.map((r) => r.errors)).toEqual([[], []]);
      expect(
        preview.rows.map((r) => [
          r.name,
          r.address,
          r.tlsMode,
          r.port,
          r.credentialName,
          r.tags,
          r.folderPath,
          r.notes,
        ]),
      ).toEqual([
        ['one', '10.1.1.1', 'tls', undefined, 'Lab', ['a', 'b'], 'HQ/2F', '=cmd'],
        ['two, quoted "x"', 'fd00::2', 'plain', 16992, undefined, [], undefined, undefined],
      ]);
    }
    expect(await devices.exportDevices('csv')).toContain("'=cmd");
  });
});

describe('certificate pins', () => {
  const A = Array(32).fill('AA').join(':');
  const B = Array(32).fill('BB').join(':');

  it('pins on first use only while unset; a different pin stays and fails with both fingerprints', async () => {
    const d = await devices.add({ name: 'pc1', address: '10.0.0.1' });
    expect((await devices.pinIfUnset(d.id, 'aa'.repeat(32))).tlsFingerprint).toBe(A);
    // The same certificate again is fine (a second job that saw the same device).
    expect((await devices.pinIfUnset(d.id, A)).tlsFingerprint).toBe(A);
    const err = (await devices.pinIfUnset(d.id, B).catch((e: unknown) => e)) as { code: string; message: string };
    expect(err).toMatchObject({ code: 'wsman.tls-pin-mismatch' });
    expect(err.message).toContain(A);
    expect(err.message).toContain(B);
    expect((await devices.get(d.id)).tlsFingerprint).toBe(A);
    await expect(devices.pinIfUnset(d.id, 'not a fingerprint')).rejects.toMatchObject({ code: 'device.invalid' });
    await expect(devices.pinIfUnset('missing', A)).rejects.toMatchObject({ code: 'device.not-found' });
  });

  it('lets exactly one of two racing first uses pin; the other is a mismatch, not an overwrite', async () => {
    const d = await devices.add({ name: 'pc1', address: '10.0.0.1' });
    const outcomes = await Promise.allSettled([devices.pinIfUnset(d.id, A), devices.pinIfUnset(d.id, B)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'wsman.tls-pin-mismatch' });
    expect((await devices.get(d.id)).tlsFingerprint).toBe(A);
  });

  it('an edit can forget a pin but never replace it with another', async () => {
    const d = await devices.add({ name: 'pc1', address: '10.0.0.1', tlsFingerprint: A });
    // @ts-expect-error the type forbids setting a pin; the runtime check must refuse it too
    const err = await devices.update(d.id, { tlsFingerprint: B }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'device.invalid' });
    expect((await devices.get(d.id)).tlsFingerprint).toBe(A);
    expect((await devices.update(d.id, { tlsFingerprint: null })).tlsFingerprint).toBeUndefined();
    expect((await devices.pinIfUnset(d.id, B)).tlsFingerprint).toBe(B);
  });

  it('reads the zone plain-HTTP policy fresh each time', async () => {
    expect(await devices.plainHttpAllowed()).toBe(false);
    await allowPlainHttp();
    expect(await devices.plainHttpAllowed()).toBe(true);
    await store.update('zone', (doc) => void (doc.zone.allowPlainHttp = false));
    expect(await devices.plainHttpAllowed()).toBe(false);
  });

  it('keeps a new zone to TLS: plain HTTP only by an explicit choice for the zone or for one device', async () => {
    expect((await store.get('zone')).zone.allowPlainHttp).toBe(false);
    expect((await devices.add({ name: 'default', address: '10.0.0.9' })).tlsMode).toBe('tls');
    await expect(devices.add({ name: 'p', address: '10.0.0.1', tlsMode: 'plain' })).rejects.toMatchObject({
      code: 'device.plain-not-allowed',
    });
    // The per-device choice: this device talks plain HTTP, the zone still refuses it to others.
    const chosen = await devices.add({ name: 'p', address: '10.0.0.1', tlsMode: 'plain', allowPlainHttp: true });
    expect(chosen).toMatchObject({ tlsMode: 'plain', allowPlainHttp: true });
    expect(await devices.plainHttpAllowed(chosen)).toBe(true);
    expect(await devices.plainHttpAllowed()).toBe(false);
    await expect(devices.add({ name: 'q', address: '10.0.0.2', tlsMode: 'plain' })).rejects.toMatchObject({
      code: 'device.plain-not-allowed',
    });
    // The flag goes with plain HTTP: switching the device to TLS drops it, and going back needs it again.
    const tls = await devices.update(chosen.id, { tlsMode: 'tls' });
    expect(tls.allowPlainHttp).toBeUndefined();
    await expect(devices.update(chosen.id, { tlsMode: 'plain' })).rejects.toMatchObject({
      code: 'device.plain-not-allowed',
    });
    // A TLS device cannot carry the flag.
    expect(
      (await devices.add({ name: 't', address: '10.0.0.3', allowPlainHttp: true })).allowPlainHttp,
    ).toBeUndefined();
  });
});
