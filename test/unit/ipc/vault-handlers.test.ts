import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dispatcher } from '../../../electron/ipc/dispatch';
import type { Services } from '../../../electron/services';
import { OutbandError } from '../../../shared/errors';
import type { SecretStore } from '../../../electron/vault/secret-store';
import { openTestServices, type TestServices } from '../../support/test-services';
import { TestSecretStore } from '../vault/secret-doubles';

/** A keychain that cannot be reached, as on a Linux session without a Secret Service. */
const unreachable: SecretStore = {
  get: async () => {
    throw new OutbandError(
      'vault.keychain-unavailable',
      'The OS keychain is not available (no Secret Service). Install one.',
    );
  },
  set: async () => {
    throw new OutbandError(
      'vault.keychain-unavailable',
      'The OS keychain is not available (no Secret Service). Install one.',
    );
  },
  delete: async () => {
    throw new OutbandError(
      'vault.keychain-unavailable',
      'The OS keychain is not available (no Secret Service). Install one.',
    );
  },
};

const PASSWORD = 'Vault-Test#2024pw';

let t: TestServices;
let dataDir = '';
let services: Services;
let secrets: TestSecretStore;
let dispatch: Dispatcher;

const ok = <T = unknown>(channel: string, args: unknown) => t.ok<T>(channel, args);

async function create(name: string, password = PASSWORD) {
  return ok<{ id: string; name: string; loginName: string }>('vault.create', { name, password, confirm: password });
}

beforeEach(async () => {
  secrets = new TestSecretStore();
  t = await openTestServices({ prefix: 'outband-vault-ipc-', secretStore: secrets });
  ({ dataDir, services, dispatch } = t);
});

afterEach(() => t.close());

describe('vault.create', () => {
  it('stores the password in the keychain under the id and answers metadata only', async () => {
    const reply = await dispatch('vault.create', {
      name: 'Lab AMT',
      password: PASSWORD,
      confirm: PASSWORD,
      description: 'bench',
    });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const meta = reply.data as Record<string, unknown>;
    expect(meta).toMatchObject({ name: 'Lab AMT', loginName: 'admin', description: 'bench' });
    expect(secrets.entries.get(meta.id as string)).toBe(PASSWORD);
    expect(JSON.stringify(reply)).not.toContain(PASSWORD);
    expect(Object.keys(meta).sort()).toEqual(['created', 'description', 'id', 'loginName', 'name', 'updated']);
  });

  it('refuses two different passwords and stores nothing', async () => {
    const reply = await dispatch('vault.create', { name: 'X', password: PASSWORD, confirm: `${PASSWORD}!` });
    expect(reply).toMatchObject({ ok: false, error: { code: 'vault.password-mismatch' } });
    expect(secrets.entries.size).toBe(0);
    expect(await ok('vault.list', undefined)).toEqual([]);
  });

  it('caps lengths in the schema', async () => {
    const long = 'a'.repeat(1025);
    expect(await dispatch('vault.create', { name: 'X', password: long, confirm: long })).toMatchObject({
      ok: false,
      error: { code: 'ipc.invalid-arguments' },
    });
    expect(await dispatch('vault.create', { name: 'n'.repeat(129), password: 'p', confirm: 'p' })).toMatchObject({
      ok: false,
      error: { code: 'ipc.invalid-arguments' },
    });
    expect(await dispatch('vault.create', { name: 'X', password: '', confirm: '' })).toMatchObject({
      ok: false,
      error: { code: 'ipc.invalid-arguments' },
    });
  });

  it('does not need the MEBx rules (an existing device password may be weak) and keeps the login name', async () => {
    const meta = await ok<{ loginName: string; id: string }>('vault.create', {
      name: 'Old box',
      loginName: 'operator',
      password: 'weak',
      confirm: 'weak',
    });
    expect(meta.loginName).toBe('operator');
    expect(secrets.entries.get(meta.id)).toBe('weak');
  });

  it('reports a taken name (case-insensitive) with vault.name-taken', async () => {
    await create('Lab');
    expect(await dispatch('vault.create', { name: 'lab', password: 'x', confirm: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'vault.name-taken' },
    });
  });
});

describe('vault.list, rename and changePassword', () => {
  it('lists by name with device counts (a device counted once even when it uses it twice)', async () => {
    const a = await create('B cred');
    await create('A cred');
    await services.devices.add({
      name: 'pc1',
      address: '10.0.0.1',
      credentialId: a.id,
      smb: { address: '10.0.0.9', credentialId: a.id },
    });
    await services.devices.add({ name: 'pc2', address: '10.0.0.2', credentialId: a.id });
    const rows = await ok<{ name: string; deviceCount: number }[]>('vault.list', undefined);
    expect(rows.map((r) => [r.name, r.deviceCount])).toEqual([
      ['A cred', 0],
      ['B cred', 2],
    ]);
  });

  it('renames, refusing a name another credential has', async () => {
    const a = await create('One');
    await create('Two');
    expect(await ok('vault.rename', { id: a.id, name: 'Uno' })).toMatchObject({ id: a.id, name: 'Uno' });
    expect(await dispatch('vault.rename', { id: a.id, name: 'two' })).toMatchObject({
      ok: false,
      error: { code: 'vault.name-taken' },
    });
    expect(await dispatch('vault.rename', { id: 'nope', name: 'X' })).toMatchObject({
      ok: false,
      error: { code: 'vault.not-found' },
    });
  });

  it('changes the password only when both entries agree', async () => {
    const a = await create('One');
    expect(
      await dispatch('vault.changePassword', { id: a.id, password: 'New-pass1!', confirm: 'New-pass1?' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'vault.password-mismatch' },
    });
    expect(secrets.entries.get(a.id)).toBe(PASSWORD);
    const reply = await dispatch('vault.changePassword', { id: a.id, password: 'New-pass1!', confirm: 'New-pass1!' });
    expect(reply.ok).toBe(true);
    expect(JSON.stringify(reply)).not.toContain('New-pass1!');
    expect(secrets.entries.get(a.id)).toBe('New-pass1!');
  });
});

describe('vault.usage and vault.delete', () => {
  it('names the devices using a credential and how', async () => {
    const a = await create('Shared');
    const d1 = await services.devices.add({ name: 'pc1', address: '10.0.0.1', credentialId: a.id });
    const d2 = await services.devices.add({
      name: 'pc2',
      address: '10.0.0.2',
      smb: { address: '10.0.0.20', credentialId: a.id },
    });
    const users = await ok<{ id: string; roles: string[] }[]>('vault.usage', { id: a.id });
    expect(users.map((u) => [u.id, u.roles]).sort()).toEqual(
      [
        [d1.id, ['amt']],
        [d2.id, ['smb']],
      ].sort(),
    );
    expect(await dispatch('vault.usage', { id: 'missing' })).toMatchObject({
      ok: false,
      error: { code: 'vault.not-found' },
    });
  });

  it('refuses to delete a credential in use unless asked to detach, then clears the references', async () => {
    const a = await create('Shared');
    const d1 = await services.devices.add({ name: 'pc1', address: '10.0.0.1', credentialId: a.id });
    expect(await dispatch('vault.delete', { id: a.id })).toMatchObject({ ok: false, error: { code: 'vault.in-use' } });
    expect(secrets.entries.get(a.id)).toBe(PASSWORD);
    expect(await ok('vault.delete', { id: a.id, detach: true })).toEqual({ deleted: true, detached: 1 });
    expect(secrets.entries.has(a.id)).toBe(false);
    expect((await services.devices.get(d1.id)).credentialId).toBeUndefined();
    expect(await ok('vault.list', undefined)).toEqual([]);
  });

  it('deletes an unused credential and its keychain entry', async () => {
    const a = await create('Alone');
    expect(await ok('vault.delete', { id: a.id })).toEqual({ deleted: true, detached: 0 });
    expect(secrets.entries.size).toBe(0);
  });
});

describe('with no reachable keychain', () => {
  it('answers vault.keychain-unavailable and writes no password anywhere', async () => {
    await t.reopen({ secretStore: unreachable });
    ({ services, dispatch } = t);
    const reply = await dispatch('vault.create', { name: 'X', password: PASSWORD, confirm: PASSWORD });
    expect(reply).toMatchObject({ ok: false, error: { code: 'vault.keychain-unavailable' } });
    expect(await ok('vault.list', undefined)).toEqual([]);
    for (const file of await readdir(dataDir, { recursive: true, withFileTypes: true })) {
      if (!file.isFile()) continue;
      const text = await readFile(join(file.parentPath, file.name), 'utf8');
      expect(text).not.toContain(PASSWORD);
    }
  });
});
