// `outband setupbin create|inspect` safety (issue 14 item 12), run in-process as a user types it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerSetupbinCommands } from '../../../electron/cli/commands/setupbin';
import { decodeSetupBin, entriesToConfig } from '../../../shared/setupbin';
import { bareProgram, runCli, type CliRun } from '../../support/cli';

// The terminal: each prompt takes the next typed line (the real one reads a TTY with echo off).
const typed: string[] = [];
const prompts: string[] = [];
vi.mock('../../../electron/cli/commands/setupbin-prompt', () => ({
  readHiddenLine: async (prompt: string) => {
    prompts.push(prompt);
    return typed.shift() ?? '';
  },
}));

let dir: string;
const env = { T_CUR: 'admin', T_NEW: 'N3w-Passw0rd!' };
const cli = (...args: string[]): Promise<CliRun> => runCli(bareProgram(registerSetupbinCommands), args, env);
const create = (out: string, ...more: string[]) =>
  cli('setupbin', 'create', '-o', out, '--current-mebx-env', 'T_CUR', '--new-mebx-env', 'T_NEW', ...more);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outband-setupbin-safety-'));
  typed.length = 0;
  prompts.length = 0;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('setupbin create', () => {
  it('refuses to overwrite an existing file unless --force, before asking for any password', async () => {
    const out = join(dir, 'setup.bin');
    writeFileSync(out, 'the only copy');
    const refused = await cli('setupbin', 'create', '-o', out, '--current-mebx-env', 'UNSET_VARIABLE');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe(
      `outband: ${out} already exists; choose another --output, or pass --force to overwrite it. (setupbin.output-exists)\n`,
    );
    expect(readFileSync(out, 'utf8')).toBe('the only copy');
    const forced = await create(out, '--force');
    expect(forced.exitCode).toBe(0);
    expect(decodeSetupBin(new Uint8Array(readFileSync(out))).problems).toEqual([]);
  });

  it.each([
    ['--hostname', 'pc01', 'host name "pc01"'],
    ['--static-ip', '10.0.0.5,255.255.255.0,10.0.0.1,10.0.0.2', 'static IPv4 address 10.0.0.5'],
  ])('refuses --records 10 with %s, which would give ten machines one identity', async (flag, value, words) => {
    const out = join(dir, 'many.bin');
    const run = await create(out, '--records', '10', flag, value);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`All 10 records would carry ${words}, so every machine`);
    expect(run.stderr).toMatch(/Use 1 record.*\(setupbin\.invalid\)\n$/);
    expect(() => readFileSync(out)).toThrow();
    expect((await create(out, '--records', '10', '--domain', 'corp.example')).exitCode).toBe(0);
  });

  it('writes (2,29) manual setup only for legacy firmware, and inspect prints it and (2,10) in words', async () => {
    const out = join(dir, 'manual.bin');
    const modern = await create(out, '--manual-setup', 'on');
    expect(modern.exitCode).toBe(1);
    expect(modern.stderr).toMatch(/Manual setup \(2,29\) = 1 makes modern MEBx abort the whole record/);
    const legacy = await create(out, '--manual-setup', 'on', '--target', 'legacy', '--sol-ider', '3');
    expect(legacy.exitCode).toBe(0);
    expect(legacy.stderr).toContain('warning: Manual setup (2,29) = 1 works only on old firmware');
    const config = entriesToConfig(decodeSetupBin(new Uint8Array(readFileSync(out))).records[0].entries);
    expect(config).toMatchObject({ manualSetup: true, solIder: 3 });
    const shown = await cli('setupbin', 'inspect', out);
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toMatch(/\(2,29\)\s+Manual setup and configuration: 1 \(manual\)/);
    expect(shown.stdout).toMatch(
      /\(2,10\)\s+SOL \/ storage redirection: 3 \(SOL \+ storage redirection \(IDE-R\/USB-R\)\)/,
    );
  });

  it('asks twice for a new password typed at the terminal and refuses two different entries', async () => {
    const had = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY');
    Object.defineProperty(process.stdin, 'isTTY', { value: true, configurable: true });
    try {
      const out = join(dir, 'typed.bin');
      typed.push('Typ3d-Passw0rd!', 'Typ3d-Passw0rd?');
      const differ = await cli('setupbin', 'create', '-o', out, '--current-mebx-env', 'T_CUR');
      expect(prompts).toEqual(['new MEBx password (empty: keep the current one): ', 'new MEBx password again: ']);
      expect(differ.exitCode).toBe(1);
      expect(differ.stderr).toContain('The two new MEBx password entries differ. (cli.password-mismatch)');
      expect(() => readFileSync(out)).toThrow();
      typed.push('Typ3d-Passw0rd!', 'Typ3d-Passw0rd!');
      expect((await cli('setupbin', 'create', '-o', out, '--current-mebx-env', 'T_CUR')).exitCode).toBe(0);
      const config = entriesToConfig(decodeSetupBin(new Uint8Array(readFileSync(out))).records[0].entries);
      expect(config.newMebxPassword).toBe('Typ3d-Passw0rd!');
    } finally {
      if (had) Object.defineProperty(process.stdin, 'isTTY', had);
      else delete (process.stdin as { isTTY?: boolean }).isTTY;
    }
  });
});

describe('setupbin inspect', () => {
  it('says a file is not a setup.bin, with a typed error and a non-zero exit, in text and JSON mode', async () => {
    const png = join(dir, 'logo.png');
    writeFileSync(png, Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(2000)]));
    for (const extra of [[], ['--json']]) {
      const run = await cli('setupbin', 'inspect', png, ...extra);
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `outband: ${png} is not a setup.bin: it does not start with a setup.bin file-type GUID (its first bytes are 89 50 4e 47 0d 0a 1a 0a). Choose a file written by Outband, USBFile or the Intel ACU. (setupbin.not-setupbin)\n`,
      );
    }
    const empty = join(dir, 'empty.bin');
    writeFileSync(empty, '');
    expect((await cli('setupbin', 'inspect', empty)).stderr).toMatch(/is not a setup\.bin: the file is empty/);
  });
});
