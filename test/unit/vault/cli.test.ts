import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveCredentialByName } from '../../../electron/cli/commands/vault';
import { runOutband } from '../../support/cli';
import { openStore } from '../../../electron/store';
import { TestSecretStore } from './secret-doubles';

let dir: string;
let secrets: TestSecretStore;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-cli-'));
  secrets = new TestSecretStore();
  env = { OUTBAND_DATA_DIR: dir, AMT_PW: 'S3cret!pw' };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runOutband(args, { secrets, env });

describe('outband vault', () => {
  it('adds, lists, renames, re-keys and removes credentials', async () => {
    const add = await cli('vault', 'add', 'Lab', '--password-env', 'AMT_PW', '--description', 'bench');
    expect(add).toMatchObject({ exitCode: 0, stderr: '' });
    expect(add.stdout).toContain('Added credential "Lab" (login admin)');

    const list = await cli('vault', 'list', '--json');
    const rows = JSON.parse(list.stdout);
    expect(rows).toMatchObject([{ name: 'Lab', loginName: 'admin', description: 'bench', devices: 0 }]);
    expect(list.stdout).not.toContain('S3cret');
    expect(secrets.entries.get(rows[0].id)).toBe('S3cret!pw');

    expect((await cli('vault', 'rename', 'lab', 'Bench')).exitCode).toBe(0);
    env.NEW_PW = 'other';
    expect((await cli('vault', 'passwd', 'Bench', '--password-env', 'NEW_PW')).exitCode).toBe(0);
    expect(await resolveCredentialByName(dir, 'bench', secrets)).toEqual({
      id: rows[0].id,
      loginName: 'admin',
      password: 'other',
    });

    const refused = await cli('vault', 'remove', 'Bench');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/^outband: .*--yes.*\(vault\.confirm\)\n$/);
    expect((await cli('vault', 'remove', 'Bench', '--yes')).exitCode).toBe(0);
    expect(secrets.entries.size).toBe(0);
    expect((await cli('vault', 'list')).stdout).toContain('The vault is empty.');
  });

  it('fails clearly without the password variable, or with a taken name', async () => {
    const missing = await cli('vault', 'add', 'Lab', '--password-env', 'NOPE');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe(
      'outband: The environment variable NOPE is not set or is empty. (vault.password-missing)\n',
    );
    await cli('vault', 'add', 'Lab', '--password-env', 'AMT_PW');
    const taken = await cli('vault', 'add', 'LAB', '--password-env', 'AMT_PW');
    expect(taken.stderr).toContain('(vault.name-taken)');
    const unknown = await cli('vault', 'rename', 'Ghost', 'X');
    expect(unknown.stderr).toContain('(vault.not-found)');
  });

  it('honours --data-dir over OUTBAND_DATA_DIR', async () => {
    const other = await mkdtemp(join(tmpdir(), 'outband-cli-other-'));
    await cli('--data-dir', other, 'vault', 'add', 'Elsewhere', '--password-env', 'AMT_PW');
    expect(JSON.parse((await cli('vault', 'list', '--json')).stdout)).toEqual([]);
    expect(JSON.parse((await cli('--data-dir', other, 'vault', 'list', '--json')).stdout)).toHaveLength(1);
    await rm(other, { recursive: true, force: true });
  });
});

describe('outband device', () => {
  it('adds devices with credential, tags and folder, lists and removes them', async () => {
    await cli('vault', 'add', 'Lab', '--password-env', 'AMT_PW');
    const add = await cli(
      'device',
      'add',
      'pc1',
      '10.0.0.1',
      '--plain',
      '--credential',
      'lab',
      '--tag',
      'a',
      '--tag',
      'b',
      '--folder',
      'HQ/2F',
    );
    expect(add).toMatchObject({ exitCode: 0, stderr: '' });
    const listed = JSON.parse((await cli('device', 'list', '--json')).stdout);
    // A new zone keeps to TLS, so --plain chose plain HTTP for this device alone; --json warns about it.
    expect(listed).toMatchObject([
      { name: 'pc1', address: '10.0.0.1', tlsMode: 'plain', allowPlainHttp: true, tags: ['a', 'b'], plainHttp: true },
    ]);
    expect(listed[0].warnings).toEqual([expect.stringMatching(/^Plain HTTP: .*unencrypted/)]);
    expect((await cli('device', 'add', 'pc9', '10.0.0.9')).exitCode).toBe(0);
    const tls = JSON.parse((await cli('device', 'list', '--json')).stdout)[1];
    expect(tls).toMatchObject({ name: 'pc9', tlsMode: 'tls', plainHttp: false, warnings: [] });
    expect((await cli('device', 'remove', 'pc9')).exitCode).toBe(0);
    const table = (await cli('device', 'list')).stdout;
    expect(table).toMatch(/pc1\s+10\.0\.0\.1\s+plain\s+16992\s+Lab\s+HQ\/2F\s+a,b/);
    const used = JSON.parse((await cli('vault', 'list', '--json')).stdout);
    expect(used[0].devices).toBe(1);

    const bad = await cli('device', 'add', 'pc2', '10.0.0.256');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('(device.invalid)');
    const both = await cli('device', 'add', 'pc3', '10.0.0.3', '--tls', '--plain');
    expect(both.exitCode).not.toBe(0);

    expect((await cli('device', 'remove', 'PC1')).exitCode).toBe(0);
    expect((await cli('device', 'remove', 'pc1')).stderr).toContain('(device.not-found)');
  });

  it('imports with --dry-run first, then for real, and exports CSV/JSON to a file', async () => {
    // The CSV has a plain-HTTP row; a new zone keeps to TLS, so this profile allows it first.
    const store = await openStore(dir);
    await store.update('zone', (doc) => void (doc.zone.allowPlainHttp = true));
    await store.close();
    const csv = join(dir, 'in.csv');
    await writeFile(csv, 'name,address,tls\nalpha,10.2.0.1,tls\nbeta,10.2.0.2,plain\nbroken,10.2.0.999,\n');
    const dry = await cli('device', 'import', csv, '--dry-run');
    expect(dry.stdout).toContain('Would add 2 device(s); 1 row(s) have errors.');
    expect(dry.stdout).toContain('line 4 (broken)');
    expect(dry.exitCode).toBe(1);
    expect(JSON.parse((await cli('device', 'list', '--json')).stdout)).toEqual([]);

    const real = await cli('device', 'import', csv);
    expect(real.stdout).toContain('Added 2 device(s); skipped 1.');
    const outFile = join(dir, 'out.json');
    expect((await cli('device', 'export', '--json', '--out', outFile)).exitCode).toBe(0);
    const exported = JSON.parse(await readFile(outFile, 'utf8'));
    expect(exported.devices.map((d: { name: string }) => d.name)).toEqual(['alpha', 'beta']);
    const csvOut = await cli('device', 'export');
    expect(csvOut.stdout.split('\r\n')[0]).toMatch(/^name,address,tls,port,credential/);
  });
});
