import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, writeFileAtomic, type Store } from '../../../electron/store';
import { DeviceService, Vault } from '../../../electron/vault';
import { TestSecretStore } from './secret-doubles';

let dir: string;
let store: Store;
let secrets: TestSecretStore;
let vault: Vault;
/** Flip to make the next saves of credentials.json fail, as a full disk would. */
let failCredentialWrites = false;
/** The same for devices.json. */
let failDeviceWrites = false;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-vault-'));
  failCredentialWrites = false;
  failDeviceWrites = false;
  store = await openStore(dir, {
    writeFile: async (file, data, opts) => {
      if (failCredentialWrites && file.endsWith('credentials.json')) throw new Error('disk full (test)');
      if (failDeviceWrites && file.endsWith('devices.json')) throw new Error('disk full (test)');
      return writeFileAtomic(file, data, opts);
    },
  });
  secrets = new TestSecretStore();
  vault = new Vault(store, secrets);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Vault', () => {
  it('creates a credential: password in the keychain under its id, metadata in the store', async () => {
    const meta = await vault.create({ name: 'Lab AMT', password: 'P@ssw0rd!', description: 'bench' });
    expect(meta).toMatchObject({ name: 'Lab AMT', loginName: 'admin', description: 'bench' });
    expect(secrets.entries.get(meta.id)).toBe('P@ssw0rd!');
    expect(await vault.list()).toEqual([meta]);
    expect(JSON.stringify(await store.get('credentials'))).not.toContain('P@ssw0rd!');
    expect(await vault.resolvePassword(meta.id)).toEqual({ id: meta.id, loginName: 'admin', password: 'P@ssw0rd!' });
  });

  it('refuses a second credential with the same name, whatever the case', async () => {
    await vault.create({ name: 'Lab', password: 'a' });
    await expect(vault.create({ name: ' lab ', password: 'b' })).rejects.toMatchObject({ code: 'vault.name-taken' });
    expect(secrets.entries.size).toBe(1);
  });

  it('rejects an empty name or password with vault.invalid', async () => {
    await expect(vault.create({ name: '  ', password: 'x' })).rejects.toMatchObject({ code: 'vault.invalid' });
    await expect(vault.create({ name: 'ok', password: '' })).rejects.toMatchObject({ code: 'vault.invalid' });
    expect(secrets.entries.size).toBe(0);
  });

  it('finds by name and renames, keeping the id and the keychain entry', async () => {
    const a = await vault.create({ name: 'Old', loginName: 'root', password: 'pw' });
    await vault.create({ name: 'Other', password: 'pw2' });
    await expect(vault.rename(a.id, 'other')).rejects.toMatchObject({ code: 'vault.name-taken' });
    const renamed = await vault.rename(a.id, 'New');
    expect(renamed).toMatchObject({ id: a.id, name: 'New', loginName: 'root' });
    expect((await vault.findByName('new'))?.id).toBe(a.id);
    expect(await vault.findByName('Old')).toBeUndefined();
    expect(secrets.entries.get(a.id)).toBe('pw');
  });

  it('changes the password', async () => {
    const a = await vault.create({ name: 'A', password: 'one' });
    await vault.changePassword(a.id, 'two');
    expect((await vault.resolvePassword(a.id)).password).toBe('two');
  });

  it('reports vault.not-found for unknown ids', async () => {
    await expect(vault.resolvePassword('nope')).rejects.toMatchObject({ code: 'vault.not-found' });
    await expect(vault.delete('nope')).rejects.toMatchObject({ code: 'vault.not-found' });
    await expect(vault.rename('nope', 'x')).rejects.toMatchObject({ code: 'vault.not-found' });
  });

  it('says so when the keychain lost the password', async () => {
    const a = await vault.create({ name: 'A', password: 'one' });
    secrets.entries.clear();
    await expect(vault.resolvePassword(a.id)).rejects.toMatchObject({ code: 'vault.secret-missing' });
  });

  it('deletes keychain entry and metadata together', async () => {
    const a = await vault.create({ name: 'A', password: 'one' });
    await vault.delete(a.id);
    expect(secrets.entries.has(a.id)).toBe(false);
    expect(await vault.list()).toEqual([]);
  });

  it('delete: a failing keychain delete leaves both the secret and the metadata', async () => {
    const a = await vault.create({ name: 'A', password: 'one' });
    secrets.failOn.add('delete');
    await expect(vault.delete(a.id)).rejects.toMatchObject({ code: 'vault.keychain-unavailable' });
    expect(secrets.entries.get(a.id)).toBe('one');
    expect((await vault.list()).map((c) => c.id)).toEqual([a.id]);
  });

  it('delete: a failing metadata write puts the keychain entry back', async () => {
    const a = await vault.create({ name: 'A', password: 'one' });
    failCredentialWrites = true;
    await expect(vault.delete(a.id)).rejects.toThrow('disk full');
    expect(secrets.calls).toContain('delete');
    expect(secrets.entries.get(a.id)).toBe('one');
    expect((await vault.list()).map((c) => c.id)).toEqual([a.id]);
    failCredentialWrites = false;
    expect((await vault.resolvePassword(a.id)).password).toBe('one');
  });

  it('delete: when even the restore fails the error says what to do', async () => {
    const a = await vault.create({ name: 'A', password: 'one' });
    failCredentialWrites = true;
    secrets.failOn.add('set');
    await expect(vault.delete(a.id)).rejects.toMatchObject({ code: 'vault.partial' });
    expect((await vault.list()).map((c) => c.id)).toEqual([a.id]);
  });

  it('create: a failing metadata write removes the new keychain entry', async () => {
    failCredentialWrites = true;
    await expect(vault.create({ name: 'A', password: 'one' })).rejects.toThrow('disk full');
    expect(secrets.entries.size).toBe(0);
    failCredentialWrites = false;
    expect(await vault.list()).toEqual([]);
  });

  it('create: a failing keychain writes no metadata', async () => {
    secrets.failOn.add('set');
    await expect(vault.create({ name: 'A', password: 'one' })).rejects.toMatchObject({
      code: 'vault.keychain-unavailable',
    });
    expect(await vault.list()).toEqual([]);
  });

  it('changePassword: a failing metadata write puts the old password back', async () => {
    const a = await vault.create({ name: 'A', password: 'one' });
    failCredentialWrites = true;
    await expect(vault.changePassword(a.id, 'two')).rejects.toThrow('disk full');
    expect(secrets.entries.get(a.id)).toBe('one');
  });

  it('refuses to delete a credential devices use, unless told to detach them', async () => {
    const a = await vault.create({ name: 'A', password: 'one' });
    const devices = new DeviceService(store);
    const d = await devices.add({ name: 'pc1', address: '10.0.0.1', credentialId: a.id });
    await devices.add({ name: 'pc2', address: '10.0.0.2', smb: { address: '10.0.0.2', credentialId: a.id } });
    await expect(vault.delete(a.id)).rejects.toMatchObject({ code: 'vault.in-use' });
    expect(secrets.entries.has(a.id)).toBe(true);
    await vault.delete(a.id, { detach: true });
    expect((await devices.get(d.id)).credentialId).toBeUndefined();
    expect(await devices.devicesUsingCredential(a.id)).toEqual([]);
  });

  it('delete with detach: detaching first, so a failed detach leaves credential, secret and devices as they were', async () => {
    const a = await vault.create({ name: 'A', password: 'one' });
    const devices = new DeviceService(store);
    const d = await devices.add({ name: 'pc1', address: '10.0.0.1', credentialId: a.id });
    failDeviceWrites = true;
    await expect(vault.delete(a.id, { detach: true })).rejects.toThrow('disk full');
    failDeviceWrites = false;
    expect(secrets.entries.get(a.id)).toBe('one');
    expect((await vault.list()).map((c) => c.id)).toEqual([a.id]);
    expect((await devices.get(d.id)).credentialId).toBe(a.id);
    // What the device points at still resolves.
    expect((await vault.resolvePassword(a.id)).password).toBe('one');
  });

  it('delete with detach: a failing metadata write leaves the credential whole and no device pointing at nothing', async () => {
    const a = await vault.create({ name: 'A', password: 'one' });
    const devices = new DeviceService(store);
    const d = await devices.add({ name: 'pc1', address: '10.0.0.1', credentialId: a.id });
    failCredentialWrites = true;
    await expect(vault.delete(a.id, { detach: true })).rejects.toThrow('disk full');
    failCredentialWrites = false;
    expect((await vault.resolvePassword(a.id)).password).toBe('one');
    const ref = (await devices.get(d.id)).credentialId;
    expect(ref === undefined || (await vault.list()).some((c) => c.id === ref)).toBe(true);
    await vault.delete(a.id, { detach: true });
    expect(await vault.list()).toEqual([]);
  });
});
