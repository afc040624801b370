import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../electron/store';
import { KeytarSecretStore, Vault } from '../../../electron/vault';
import { resolveCredentialByName } from '../../../electron/cli/commands/vault';
import { runOutband } from '../../support/cli';
import { buildChildScript, projectPath } from '../store/child-build';
import { keychainUnavailableReason, secretToolLookup } from './keychain-probe';

const run = promisify(execFile);

const reason = await keychainUnavailableReason();
if (reason) console.warn(`Skipping keychain tests: ${reason}`);

describe.skipIf(reason !== null)('Vault against the real Secret Service (gnome-keyring)', () => {
  let dir: string;
  let store: Store;
  let vault: Vault;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outband-keyring-'));
    store = await openStore(dir);
    vault = new Vault(store, new KeytarSecretStore());
  });
  afterEach(async () => {
    for (const c of await vault.list()) await vault.delete(c.id, { detach: true });
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the password in the keyring under service Outband, account = credential id', async () => {
    const meta = await vault.create({ name: 'Keyring test', password: 'kr-Pa55:word' });
    expect(await secretToolLookup(meta.id)).toBe('kr-Pa55:word');
    expect(await vault.resolvePassword(meta.id)).toMatchObject({ loginName: 'admin', password: 'kr-Pa55:word' });

    await vault.changePassword(meta.id, 'second-Pa55');
    expect(await secretToolLookup(meta.id)).toBe('second-Pa55');

    await vault.rename(meta.id, 'Renamed');
    expect(await secretToolLookup(meta.id)).toBe('second-Pa55');

    await vault.delete(meta.id);
    expect(await secretToolLookup(meta.id)).toBeNull();
    expect(await vault.list()).toEqual([]);
  });

  it('the CLI writes to and removes from the same keyring', async () => {
    await store.close();
    const env = { OUTBAND_DATA_DIR: dir, PW: 'cli-Pa55' };
    const add = await runOutband(['vault', 'add', 'From CLI', '--user', 'ops', '--password-env', 'PW', '--json'], {
      env,
    });
    expect(add.exitCode).toBe(0);
    const id = JSON.parse(add.stdout).id as string;
    expect(await secretToolLookup(id)).toBe('cli-Pa55');
    expect(await resolveCredentialByName(dir, 'from cli')).toEqual({ id, loginName: 'ops', password: 'cli-Pa55' });
    expect((await runOutband(['vault', 'remove', 'From CLI', '--yes'], { env })).exitCode).toBe(0);
    expect(await secretToolLookup(id)).toBeNull();
    store = await openStore(dir);
    vault = new Vault(store, new KeytarSecretStore());
  });
});

// libsecret keeps its D-Bus connection for the life of a process, so the "no keychain" case runs
// in a child process started without any session bus.
const NO_KEYCHAIN_CHILD = `
import { openStore } from '${projectPath('electron/store/index.ts')}';
import { Vault, KeytarSecretStore } from '${projectPath('electron/vault/index.ts')}';
const store = await openStore(process.argv[2]);
const vault = new Vault(store, new KeytarSecretStore());
const err = await vault.create({ name: 'x', password: process.env.CANARY }).then(() => ({ code: 'none' }), (e) => ({ code: e.code, message: e.message }));
const left = await vault.list();
await store.close();
process.stdout.write(JSON.stringify({ ...err, left: left.length }));
`;

describe('Vault without a reachable keychain', () => {
  it('fails with vault.keychain-unavailable and how to fix it, writing no metadata', async () => {
    const { script, dir: childDir } = await buildChildScript(NO_KEYCHAIN_CHILD);
    const dir = await mkdtemp(join(tmpdir(), 'outband-nokeyring-'));
    try {
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, CANARY: 'never-stored-canary' };
      const { stdout } = await run(process.execPath, [script, dir], { env });
      const result = JSON.parse(stdout) as { code: string; message: string; left: number };
      expect(result.code).toBe('vault.keychain-unavailable');
      expect(result.message).toContain('Secret Service');
      expect(result.message).not.toContain('never-stored-canary');
      expect(result.left).toBe(0);
      const onDisk = await readFile(join(dir, 'credentials.json'), 'utf8').catch(() => '');
      expect(onDisk).not.toContain('never-stored-canary');
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(childDir, { recursive: true, force: true });
    }
  });
});
