import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, saveJobRecord } from '../../../electron/store';
import { DeviceService, KeytarSecretStore, Vault, type SecretStore } from '../../../electron/vault';
import { resolveCredentialByName } from '../../../electron/cli/commands/vault';
import { runOutband, type CliRun } from '../../support/cli';
import { TestSecretStore } from '../../unit/vault/secret-doubles';
import { keychainUnavailableReason } from './keychain-probe';

const reason = await keychainUnavailableReason();

async function allFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if ((await stat(path)).isDirectory()) found.push(...(await allFiles(path)));
    else found.push(path);
  }
  return found;
}

/** Every way a password could sit in a file: as is, in base64, hex, UTF-16, JSON-escaped. */
function spellings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [secret, bytes.toString('base64'), bytes.toString('hex'), JSON.stringify(secret).slice(1, -1)];
}

function expectNoSecret(haystack: Buffer | string, secrets: string[], where: string): void {
  const buf = Buffer.isBuffer(haystack) ? haystack : Buffer.from(haystack);
  for (const secret of secrets) {
    for (const s of spellings(secret)) {
      expect(buf.includes(Buffer.from(s, 'utf8')), `${where} contains the password (${s.slice(0, 3)}…)`).toBe(false);
      expect(buf.includes(Buffer.from(s, 'utf16le')), `${where} contains the password as UTF-16`).toBe(false);
    }
  }
}

const kinds: [string, () => SecretStore][] = [['in-memory keychain stand-in', () => new TestSecretStore()]];
if (reason === null) kinds.unshift(['real gnome-keyring', () => new KeytarSecretStore()]);
else console.warn(`no-leak test runs with the in-memory keychain only: ${reason}`);

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe.each(kinds)('no password leaks (%s)', (_label, makeSecrets) => {
  it('no file in the data folder and no CLI output ever holds a password', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outband-leak-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const secrets = makeSecrets();
    const first = `Canary-${randomBytes(8).toString('hex')}`;
    const second = `Canary2-${randomBytes(8).toString('hex')}`;
    const outputs: CliRun[] = [];
    const errors: string[] = [];

    // Services, every operation.
    let store = await openStore(dir);
    let vault = new Vault(store, secrets);
    const devices = new DeviceService(store);
    const cred = await vault.create({ name: 'Canary', password: first, description: 'leak test' });
    await vault.create({ name: 'canary', password: first }).catch((e: Error) => errors.push(e.message));
    await vault.create({ name: '', password: first }).catch((e: Error) => errors.push(e.message));
    expect((await vault.resolvePassword(cred.id)).password).toBe(first);
    await vault.rename(cred.id, 'Canary renamed');
    await vault.update(cred.id, { loginName: 'ops', description: 'still no secret' });
    await vault.changePassword(cred.id, second);
    await vault.findByName('canary renamed');
    await vault.list();
    const folder = await devices.folders.ensurePath('Leak/Test');
    const d = await devices.add({ name: 'pc1', address: '10.0.0.1', credentialId: cred.id, folderId: folder });
    await devices.update(d.id, { smb: { address: '10.0.0.1', credentialId: cred.id }, notes: 'n' });
    await devices.recordFirmware(d.id, { amtVersion: '16.1', controlMode: 'admin', powerState: 2 });
    await devices.importDevices('name,address,credential\npc2,10.0.0.2,Canary renamed\npc3,bad..name,Canary renamed\n');
    await devices.add({ name: 'pc1', address: '10.0.0.9' }).catch((e: Error) => errors.push(e.message));
    await writeFile(join(dir, 'export.csv'), await devices.exportDevices('csv'));
    await writeFile(join(dir, 'export.json'), await devices.exportDevices('json'));
    await saveJobRecord(store, {
      id: 'j1',
      kind: 'power',
      started: new Date().toISOString(),
      status: 'partial',
      results: [{ host: '10.0.0.1', ok: false, code: 'wsman.auth-failed', message: 'Authentication failed' }],
    });
    await devices.move([d.id], null);
    await devices.folders.remove(folder!, { moveContentsUp: true });
    await store.close();

    // The CLI, every command, with the password only in the environment.
    const env = { OUTBAND_DATA_DIR: dir, PW3: `Canary3-${randomBytes(8).toString('hex')}` };
    const cli = async (...args: string[]) => outputs.push(await runOutband(args, { secrets, env }));
    await cli('vault', 'add', 'Cli', '--password-env', 'PW3', '--json');
    await cli('vault', 'add', 'Cli', '--password-env', 'PW3');
    await cli('vault', 'list');
    await cli('vault', 'list', '--json');
    await cli('vault', 'rename', 'Cli', 'Cli2');
    await cli('vault', 'passwd', 'Cli2', '--password-env', 'PW3');
    await cli('device', 'add', 'pc9', '10.0.0.99', '--credential', 'Cli2', '--json');
    await cli('device', 'list');
    await cli('device', 'list', '--json');
    await cli('device', 'export', '--csv');
    await cli('device', 'export', '--json', '--out', join(dir, 'cli-export.json'));
    await writeFile(join(dir, 'import.csv'), 'name,address,credential\npc10,10.0.0.10,Cli2\n');
    await cli('device', 'import', join(dir, 'import.csv'), '--dry-run', '--json');
    await cli('device', 'import', join(dir, 'import.csv'));
    expect((await resolveCredentialByName(dir, 'Cli2', secrets)).password).toBe(env.PW3);
    await cli('vault', 'remove', 'Cli2', '--yes');
    await cli('vault', 'remove', 'Cli2', '--yes', '--detach');

    // Finally delete the first credential too (devices detached), and simulate a recovery.
    store = await openStore(dir);
    vault = new Vault(store, secrets);
    await vault.delete(cred.id, { detach: true });
    await store.close();
    await writeFile(join(dir, 'devices.json'), '{ broken');
    store = await openStore(dir);
    await store.get('devices');
    errors.push(...store.warnings.map((w) => w.message));
    await store.close();

    const passwords = [first, second, env.PW3];
    const files = await allFiles(dir);
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) expectNoSecret(await readFile(file), passwords, file);
    outputs.forEach((o, i) => {
      expectNoSecret(o.stdout, passwords, `stdout of CLI run ${i}`);
      expectNoSecret(o.stderr, passwords, `stderr of CLI run ${i}`);
    });
    expect(errors.length).toBeGreaterThanOrEqual(3);
    for (const e of errors) expectNoSecret(e, passwords, `error "${e}"`);
  });
});
