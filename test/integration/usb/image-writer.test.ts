/**
 * The stick writer against real FAT images: made with mkfs.fat, formatted and written through
 * the same prepare/write code a stick gets, checked with fsck.fat and read back with mtools.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutbandError } from '../../../shared/errors';
import { decodeSetupBin, encodeSetupBin, entriesToConfig, type SetupBinConfig } from '../../../shared/setupbin';
import {
  fatContainerTarget,
  prepareStick,
  volumeTarget,
  writeSetupBin,
  type WriteProgress,
} from '../../../electron/usb';

const env = { ...process.env, MTOOLS_SKIP_CHECK: '1' };
const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { env, encoding: 'utf8' });
/** fsck.fat -n exits 0 and prints only its banner and the summary line when nothing is wrong. */
function expectClean(path: string): void {
  const lines = run('fsck.fat', ['-n', path]).trim().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(/files?, \d+\/\d+ clusters/);
}
const runBytes = (cmd: string, args: string[]): Uint8Array => new Uint8Array(execFileSync(cmd, args, { env }));

const config: SetupBinConfig = {
  currentMebxPassword: 'admin',
  newMebxPassword: 'Sup3r$ecret',
  enableAmt: true,
  pkiDnsSuffix: 'corp.example.com',
  remoteConfiguration: true,
  certificateHashes: [{ name: 'Corp Root', algorithm: 'sha256', hash: '5a'.repeat(32) }],
};
const setupBin = encodeSetupBin(config, { version: '4', scramble: true, records: 3 });

let dir: string;
let image: string;
/** Creates a FAT image of `kib` KiB the way a person would: mkfs.fat -C. */
function makeImage(kib: number, fat: '16' | '32' = '32'): string {
  const path = join(dir, `stick-${kib}.img`);
  run('mkfs.fat', ['-C', '-F', fat, '-n', 'OLDLABEL', path, String(kib)]);
  return path;
}
async function expectCode(p: Promise<unknown>, code: string): Promise<OutbandError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OutbandError);
  expect((err as OutbandError).code).toBe(code);
  return err as OutbandError;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outband-usb-test-'));
  image = makeImage(64 * 1024);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('prepareStick on an image-backed target', () => {
  it.each(['fat32', 'fat16'] as const)(
    'formats %s with label AMT_USB and writes setup.bin as the first, contiguous file',
    async (flavour) => {
      const target = fatContainerTarget(image, 'image');
      // A file that formatting must erase, so setup.bin can be first.
      writeFileSync(join(dir, 'junk.txt'), 'old content');
      run('mcopy', ['-i', image, join(dir, 'junk.txt'), '::JUNK.TXT']);
      const phases: WriteProgress['phase'][] = [];
      const result = await prepareStick(target, setupBin, await target.identity(), {
        flavour,
        onProgress: (p) => phases.push(p.phase),
      });

      expect(phases).toEqual(['format', 'check', 'write', 'verify', 'done']);
      expect(result).toMatchObject({ verified: true, firstFile: true, bytes: 2048, filesystem: flavour.toUpperCase() });
      // The file system is clean.
      expectClean(image);
      // Label and file type as mtools sees them.
      const listing = run('mdir', ['-i', image, '::']);
      expect(listing).toMatch(/Volume in drive : is AMT_USB/);
      expect(run('minfo', ['-i', image, '::'])).toMatch(flavour === 'fat32' ? /disk type="FAT32/ : /disk type="FAT16/);
      // setup.bin is the first (and only) directory entry, and its clusters are contiguous.
      const entries = run('mdir', ['-b', '-a', '-i', image, '::']).trim().split('\n');
      expect(entries[0].toLowerCase()).toBe('::/setup.bin');
      expect(entries).toHaveLength(1);
      expect(run('mshowfat', ['-i', image, '::setup.bin'])).toMatch(/<\d+(-\d+)?>\s*$/);
      // Read back with mcopy and decode with our decoder.
      const back = runBytes('mcopy', ['-n', '-i', image, '::setup.bin', '-']);
      expect(back).toEqual(setupBin);
      const decoded = decodeSetupBin(back);
      expect(decoded.problems).toEqual([]);
      expect(decoded.header).toMatchObject({ version: '4', dataRecordCount: 3, reusable: false });
      expect(decoded.records.every((r) => r.scrambled && r.valid)).toBe(true);
      expect(entriesToConfig(decoded.records[2].entries)).toEqual(config);
    },
  );

  it('refuses without a confirmation, or with one naming another size, and erases nothing', async () => {
    const target = fatContainerTarget(image, 'image');
    writeFileSync(join(dir, 'keep.txt'), 'keep me');
    run('mcopy', ['-i', image, join(dir, 'keep.txt'), '::KEEP.TXT']);
    await expectCode(prepareStick(target, setupBin, undefined), 'usb.confirmation-required');
    const id = await target.identity();
    const err = await expectCode(
      prepareStick(target, setupBin, { ...id, size: (id.size ?? 0) + 512 }),
      'usb.confirmation-mismatch',
    );
    expect(err.message).toMatch(/nothing was erased/);
    await expectCode(prepareStick(target, setupBin, { ...id, model: 'SanDisk Cruzer' }), 'usb.confirmation-mismatch');
    expect(run('mdir', ['-b', '-i', image, '::'])).toMatch(/KEEP\.TXT/i);
  });
});

describe('writeSetupBin on an image-backed target', () => {
  it('writes, flushes and verifies; reports when setup.bin is not the first file', async () => {
    writeFileSync(join(dir, 'first.txt'), 'I was here first');
    run('mcopy', ['-i', image, join(dir, 'first.txt'), '::FIRST.TXT']);
    const result = await writeSetupBin(fatContainerTarget(image, 'image'), setupBin);
    expect(result).toMatchObject({ verified: true, firstFile: false, filesystem: 'FAT32' });
    expect(runBytes('mcopy', ['-n', '-i', image, '::SETUP.BIN', '-'])).toEqual(setupBin);
    expectClean(image);
  });

  it('overwrites an existing setup.bin in place, keeping it first', async () => {
    const target = fatContainerTarget(image, 'image');
    await prepareStick(target, setupBin, await target.identity());
    const other = encodeSetupBin({ ...config, hostname: 'pc42' }, { version: '3', reusable: true });
    const result = await writeSetupBin(target, other);
    expect(result.firstFile).toBe(true);
    expect(runBytes('mcopy', ['-n', '-i', image, '::setup.bin', '-'])).toEqual(other);
    expectClean(image);
  });

  it('stages no setup.bin in the temp folder, and removes abandoned staging folders of earlier versions', async () => {
    const temp = join(dir, 'tmp');
    mkdirSync(temp);
    const abandoned = join(temp, 'outband-stick-Ab12Cd');
    const recent = join(temp, 'outband-stick-Zz99Yy');
    for (const d of [abandoned, recent]) {
      mkdirSync(d, { mode: 0o700 });
      writeFileSync(join(d, 'setup.bin'), setupBin, { mode: 0o600 });
    }
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(abandoned, hourAgo, hourAgo);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    try {
      const result = await writeSetupBin(fatContainerTarget(image, 'image'), setupBin);
      expect(result.verified).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    // The abandoned one is gone; one that may belong to a write in progress stays; nothing new appeared.
    expect(readdirSync(temp)).toEqual(['outband-stick-Zz99Yy']);
    expect(runBytes('mcopy', ['-n', '-i', image, '::setup.bin', '-'])).toEqual(setupBin);
    expectClean(image);
  });

  it('refuses bytes that are not a setup.bin, and a target that is not FAT', async () => {
    await expectCode(writeSetupBin(fatContainerTarget(image, 'image'), new Uint8Array(1024)), 'usb.not-setupbin');
    const blank = join(dir, 'blank.img');
    writeFileSync(blank, new Uint8Array(1024 * 1024));
    await expectCode(writeSetupBin(fatContainerTarget(blank, 'image'), setupBin), 'usb.filesystem-unknown');
    // A mounted volume that is not FAT: this test's temporary folder.
    const err = await expectCode(writeSetupBin(volumeTarget(dir), setupBin), 'usb.not-fat');
    expect(err.message).toMatch(/firmware reads setup.bin only from FAT/);
  });

  it('stops before writing when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expectCode(
      writeSetupBin(fatContainerTarget(image, 'image'), setupBin, { signal: controller.signal }),
      'job.cancelled',
    );
    expect(run('mdir', ['-b', '-a', '-i', image, '::']).trim()).toBe('');
  });

  it('cancels during the write and leaves no setup.bin behind', async () => {
    const controller = new AbortController();
    const onProgress = (p: WriteProgress): void => {
      if (p.phase === 'write') controller.abort();
    };
    const err = await expectCode(
      writeSetupBin(fatContainerTarget(image, 'image'), setupBin, { signal: controller.signal, onProgress }),
      'job.cancelled',
    );
    expect(err.message).toMatch(/cancelled/);
    expect(run('mdir', ['-b', '-a', '-i', image, '::']).trim()).toBe('');
    expectClean(image);
  });

  it('cancels a prepare during formatting; the confirmation was checked first', async () => {
    const target = fatContainerTarget(image, 'image');
    const controller = new AbortController();
    const onProgress = (p: WriteProgress): void => {
      if (p.phase === 'format') controller.abort();
    };
    await expectCode(
      prepareStick(target, setupBin, await target.identity(), { signal: controller.signal, onProgress }),
      'job.cancelled',
    );
    // The old file system (label OLDLABEL) is untouched.
    expect(run('mdir', ['-i', image, '::'])).toMatch(/OLDLABEL/);
  });
});
