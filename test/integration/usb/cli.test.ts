/** `outband usb list|write` in-process against real FAT images and this machine's drives. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerSetupbinCommands } from '../../../electron/cli/commands/setupbin';
import { registerUsbCommands } from '../../../electron/cli/commands/usb';
import { decodeSetupBin, encodeSetupBin } from '../../../shared/setupbin';
import type { DriveInfo } from '../../../electron/usb';
import { bareProgram, runCli } from '../../support/cli';

const env = { ...process.env, MTOOLS_SKIP_CHECK: '1' };
const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { env, encoding: 'utf8' });

let dir: string;
let stdout: string;
let stderr: string;

async function cli(...args: string[]): Promise<number> {
  const run = await runCli(bareProgram(registerSetupbinCommands, registerUsbCommands), args);
  stdout += run.stdout;
  stderr += run.stderr;
  return run.exitCode;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outband-usb-cli-'));
  stdout = '';
  stderr = '';
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const setupBin = encodeSetupBin(
  { currentMebxPassword: 'admin', newMebxPassword: 'N3w-Passw0rd!', kvm: true },
  { version: '4', scramble: true },
);

describe('usb write --image', () => {
  it('creates, formats and writes an image in one go, then a second write keeps setup.bin first', async () => {
    vi.stubEnv('T_CUR', 'admin');
    vi.stubEnv('T_NEW', 'N3w-Passw0rd!');
    const file = join(dir, 'setup.bin');
    expect(
      await cli(
        'setupbin',
        'create',
        '-o',
        file,
        '--current-mebx-env',
        'T_CUR',
        '--new-mebx-env',
        'T_NEW',
        '--dns',
        'corp.example.com',
        '--ztc',
        'on',
      ),
    ).toBe(0);
    const image = join(dir, 'stick.img');
    stdout = '';
    expect(await cli('usb', 'write', file, '--image', image, '--format', 'fat16', '--image-size', '32', '--yes')).toBe(
      0,
    );
    expect(stderr).toBe('');
    expect(stdout).toMatch(/written to .*stick\.img and verified: 1024 bytes on FAT16; it is the first file/);
    run('fsck.fat', ['-n', image]);
    expect(run('mdir', ['-b', '-a', '-i', image, '::']).trim().toLowerCase()).toBe('::/setup.bin');
    const back = new Uint8Array(execFileSync('mcopy', ['-n', '-i', image, '::setup.bin', '-'], { env }));
    expect(back).toEqual(new Uint8Array(readFileSync(file)));
    expect(decodeSetupBin(back).records[0].entries.map((e) => e.key)).toContain('PkiDnsSuffix');
    vi.unstubAllEnvs();

    writeFileSync(join(dir, 'other.bin'), setupBin);
    stdout = '';
    expect(await cli('usb', 'write', join(dir, 'other.bin'), '--image', image, '--json')).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ verified: true, firstFile: true, bytes: 1024, filesystem: 'FAT16' });
  });

  it('refuses to format without --yes, and does not create the image', async () => {
    writeFileSync(join(dir, 'setup.bin'), setupBin);
    const image = join(dir, 'new.img');
    expect(await cli('usb', 'write', join(dir, 'setup.bin'), '--image', image, '--format', 'fat32')).toBe(1);
    expect(stderr).toBe(
      `outband: --format erases everything on ${image}; add --yes to confirm. (usb.confirmation-required)\n`,
    );
    expect(existsSync(image)).toBe(false);
  });

  it('refuses sizes the FAT flavour cannot hold, before creating anything', async () => {
    writeFileSync(join(dir, 'setup.bin'), setupBin);
    const image = join(dir, 'small.img');
    expect(
      await cli(
        'usb',
        'write',
        join(dir, 'setup.bin'),
        '--image',
        image,
        '--format',
        'fat32',
        '--image-size',
        '8',
        '--yes',
      ),
    ).toBe(1);
    expect(stderr).toMatch(/FAT32 needs at least 40 MiB; this target has 8 MiB \(use fat16\)\. \(usb.too-small\)/);
    expect(existsSync(image)).toBe(false);
  });

  it('refuses a missing image without --format, and a file that is not a setup.bin', async () => {
    writeFileSync(join(dir, 'setup.bin'), setupBin);
    expect(await cli('usb', 'write', join(dir, 'setup.bin'), '--image', join(dir, 'none.img'))).toBe(1);
    expect(stderr).toMatch(/does not exist; add --format to create a new image\. \(usb.target-missing\)/);
    stderr = '';
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    expect(
      await cli('usb', 'write', join(dir, 'notes.txt'), '--image', join(dir, 'x.img'), '--format', 'fat32', '--yes'),
    ).toBe(1);
    expect(stderr).toMatch(
      /^outband: Refusing to write: this is not a valid setup.bin \(.*\)\. \(usb.not-setupbin\)\n$/,
    );
    expect(existsSync(join(dir, 'x.img'))).toBe(false);
  });
});

describe('usb list and write --drive on this machine', () => {
  it('lists drives as JSON with a verdict for each', async () => {
    expect(await cli('usb', 'list', '--json')).toBe(0);
    const drives = JSON.parse(stdout) as DriveInfo[];
    for (const d of drives) expect(d).toHaveProperty('refusal');
    stdout = '';
    expect(await cli('usb', 'list')).toBe(0);
    expect(stdout.length).toBeGreaterThan(0);
  });

  it('refuses a drive the rules refuse (the system disk), or one that does not exist', async () => {
    writeFileSync(join(dir, 'setup.bin'), setupBin);
    await cli('usb', 'list', '--json');
    const system = (JSON.parse(stdout) as DriveInfo[]).find((d) => d.system);
    if (system) {
      expect(
        await cli('usb', 'write', join(dir, 'setup.bin'), '--drive', system.device, '--format', 'fat32', '--yes'),
      ).toBe(1);
      expect(stderr).toMatch(/Refusing to write to .*system drive.*\(usb.drive-refused\)/);
      stderr = '';
    }
    expect(await cli('usb', 'write', join(dir, 'setup.bin'), '--drive', '/dev/outband-no-such-drive')).toBe(1);
    expect(stderr).toMatch(/No drive \/dev\/outband-no-such-drive.*\(usb.drive-not-found\)/);
  });
});
