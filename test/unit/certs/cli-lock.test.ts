import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerCertCommands } from '../../../electron/cli/commands/cert';
import { acquireLock } from '../../../electron/store/lock';
import { bareProgram, runCli } from '../../support/cli';
import { MemorySecretStore } from './helpers';

let dataDir: string;
let secrets: MemorySecretStore;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'outband-cert-cli-'));
  secrets = new MemorySecretStore();
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs `outband --data-dir <dataDir> <args>` in-process with the cert commands and an in-memory keychain. */
const outband = (args: string[]) =>
  runCli(
    bareProgram((p) => registerCertCommands(p, { secrets })),
    ['--data-dir', dataDir, ...args],
  );

describe('cert commands and the data folder lock', () => {
  it('changes certificates only while holding the lock, and refuses while another process holds it', async () => {
    const created = await outband(['cert', 'ca', 'create', '--key-size', '2048', '--json']);
    expect(created.exitCode).toBe(0);
    // The lock was taken and given back.
    expect(await readdir(dataDir)).not.toContain('outband.lock');

    const held = await acquireLock(dataDir);
    try {
      const refused = await outband(['cert', 'mgmt', 'create', '--fqdn', 'prov.example.com']);
      expect(refused.exitCode).toBe(1);
      expect(refused.stderr).toMatch(/\(store\.locked\)/);
      expect((await readdir(join(dataDir, 'certs'))).filter((n) => n.startsWith('mgmt.'))).toEqual([]);
      // Reading needs no lock.
      const status = await outband(['cert', 'status', '--json']);
      expect(status.exitCode).toBe(0);
      expect(JSON.parse(status.stdout).zoneCa).not.toBeNull();
    } finally {
      await held.release();
    }
    expect((await outband(['cert', 'mgmt', 'create', '--fqdn', 'prov.example.com'])).exitCode).toBe(0);
  });
});
