// The shell walk-through with the built `outband` command and a real keychain:
// cert ca create, cert mgmt create, sim in setup mode, discover listen, provision, power status
// over TLS with the credential, unprovision.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/net';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = join(root, 'dist/cli/outband.js');
let dir = '';
let sim: ChildProcess | undefined;

function env(): NodeJS.ProcessEnv {
  return { ...process.env, OUTBAND_DATA_DIR: dir, ADMIN_PW: 'Adm1n!Passw0rd' };
}

async function outband(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env: env(), timeout: 120_000 });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** Starts `outband sim …` and resolves with its first JSON output. */
function startSim(args: string[]): Promise<{ devices: { host: string; port: number }[] }> {
  return new Promise((resolve, reject) => {
    sim = spawn(process.execPath, [cli, 'sim', ...args, '--json'], { env: env() });
    let out = '';
    sim.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      try {
        resolve(JSON.parse(out) as { devices: { host: string; port: number }[] });
      } catch {
        // Not all of it yet.
      }
    });
    sim.on('exit', (code) => reject(new Error(`sim exited (${code}): ${out}`)));
  });
}

beforeAll(async () => {
  await run(process.execPath, [join(root, 'scripts/build.mjs'), '--no-renderer'], { cwd: root });
  dir = mkdtempSync(join(tmpdir(), 'outband-walkthrough-'));
}, 120_000);

afterAll(() => {
  sim?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('provisioning from a shell', () => {
  it('cert ca create → cert mgmt create → sim → discover listen → provision → power status → unprovision', async () => {
    expect((await outband(['cert', 'ca', 'create', '--key-size', '2048'])).code).toBe(0);
    expect((await outband(['cert', 'mgmt', 'create', '--fqdn', 'prov.example.test'])).code).toBe(0);
    const rootHash = JSON.parse((await outband(['cert', 'root-hash', '--json'])).stdout) as {
      hashes: { sha256: { hexLower: string } };
    };
    expect((await outband(['vault', 'add', 'fleet', '--password-env', 'ADMIN_PW'])).code).toBe(0);

    const helloPort = await freePort();
    const listening = outband([
      'discover',
      'listen',
      '--host',
      '127.0.0.1',
      '--port',
      String(helloPort),
      '--for',
      '4',
      '--json',
    ]);
    await new Promise((r) => setTimeout(r, 800));
    const fleet = await startSim([
      '--tls',
      '--port-base',
      String(await freePort()),
      '--setup-mode',
      '1',
      '--trust-hash',
      rootHash.hashes.sha256.hexLower,
      '--pki-dns-suffix',
      'example.test',
      '--hello-to',
      `127.0.0.1:${helloPort}`,
      '--hello-time-factor',
      '600',
    ]);
    const heard = await listening;
    expect(heard.code, heard.stderr).toBe(0);
    const hello = JSON.parse(heard.stdout.trim().split('\n')[0] ?? '{}') as { source: string; canProvision: boolean };
    expect(hello).toMatchObject({ source: '127.0.0.1', canProvision: true });

    const target = `127.0.0.1:${fleet.devices[0]!.port}`;
    const provisioned = await outband(['provision', target, '--credential', 'fleet', '--json']);
    expect(provisioned.code, provisioned.stdout + provisioned.stderr).toBe(0);
    expect(JSON.parse(provisioned.stdout)).toEqual([
      { target, ok: true, detail: 'Provisioned in admin control mode; TLS on, certificate pinned.' },
    ]);

    const status = await outband(['power', 'status', target, '--tls', '--credential', 'fleet', '--json']);
    expect(status.code, status.stderr).toBe(0);
    const rows = JSON.parse(status.stdout) as Array<{ ok: boolean; tlsTrust?: string }>;
    expect(rows[0]).toMatchObject({ ok: true, tlsTrust: 'stored-pin' });

    const refused = await outband(['unprovision', target]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--yes');
    const unprovisioned = await outband(['unprovision', target, '--yes', '--json']);
    expect(unprovisioned.code, unprovisioned.stdout + unprovisioned.stderr).toBe(0);
    expect((JSON.parse(unprovisioned.stdout) as Array<{ ok: boolean }>)[0]?.ok).toBe(true);
  });
});
