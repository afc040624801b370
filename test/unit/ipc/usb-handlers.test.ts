import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Dispatcher } from '../../../electron/ipc/dispatch';
import type { Services } from '../../../electron/services';
import type { JobSnapshot } from '../../../shared/ipc/jobs';
import { encodeSetupBin } from '../../../shared/setupbin';
import { openTestServices, type TestServices } from '../../support/test-services';

const PASSWORD = 'Stick#Pass42';
const config = { currentMebxPassword: 'admin', newMebxPassword: PASSWORD, hostname: 'amt-stick', dhcp: true };

let t: TestServices;
let dataDir = '';
let image = '';
let services: Services;
let dispatch: Dispatcher;
const previousFlag = process.env.OUTBAND_ALLOW_IMAGE_TARGETS;

beforeEach(async () => {
  process.env.OUTBAND_ALLOW_IMAGE_TARGETS = '1';
  t = await openTestServices({ prefix: 'outband-usb-ipc-' });
  ({ dataDir, services, dispatch } = t);
  image = join(dataDir, 'stick.img');
  execFileSync('mkfs.fat', ['-C', '-F', '16', '-n', 'TESTSTICK', image, String(32 * 1024)], { stdio: 'ignore' });
});

afterEach(async () => {
  await t.close();
  if (previousFlag === undefined) delete process.env.OUTBAND_ALLOW_IMAGE_TARGETS;
  else process.env.OUTBAND_ALLOW_IMAGE_TARGETS = previousFlag;
});

async function finished(reply: Awaited<ReturnType<Dispatcher>>): Promise<JobSnapshot> {
  expect(reply.ok).toBe(true);
  if (!reply.ok) throw new Error(reply.error.message);
  return services.jobs.wait((reply.data as JobSnapshot).id);
}

describe('usb.write to an image target', () => {
  it('writes the re-encoded wizard settings, verifies them, and the image holds exactly those bytes', async () => {
    const job = await finished(
      await dispatch('usb.write', { source: { kind: 'config', config, options: {} }, target: { imagePath: image } }),
    );
    expect(job.status).toBe('succeeded');
    expect(job.results.map((r) => r.key)).toEqual(['_usb-check', '_usb-write', '_usb-verify', '_usb-result']);
    expect(job.results.at(-1)?.detail).toMatch(/^Verified: 1024 bytes read back identical/);
    expect(JSON.stringify(job)).not.toContain(PASSWORD);
    const onImage = execFileSync('mcopy', ['-n', '-i', image, '::setup.bin', '-']);
    expect(new Uint8Array(onImage)).toEqual(encodeSetupBin(config));
    execFileSync('fsck.fat', ['-n', image]);
  });

  it('formats only with a confirmation naming the image, then setup.bin is the first file', async () => {
    const file = {
      kind: 'file' as const,
      name: 'x.bin',
      base64: Buffer.from(encodeSetupBin(config)).toString('base64'),
    };
    const wrong = await dispatch('usb.write', {
      source: file,
      target: { imagePath: image },
      format: 'fat16',
      confirmFormat: { device: image, size: 1, model: 'disk image' },
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'usb.confirmation-mismatch' } });
    // The error names what differs, never the target's real size or model.
    const message = wrong.ok ? '' : wrong.error.message;
    expect(message).toMatch(/size differs/);
    expect(message).not.toContain(String(32 * 1024 * 1024));
    expect(message).not.toContain('disk image');
    const missing = await dispatch('usb.write', { source: file, target: { imagePath: image }, format: 'fat16' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'usb.confirmation-required' } });
    const job = await finished(
      await dispatch('usb.write', {
        source: file,
        target: { imagePath: image },
        format: 'fat16',
        confirmFormat: { device: image, size: 32 * 1024 * 1024, model: 'disk image' },
      }),
    );
    expect(job.status).toBe('succeeded');
    expect(job.results[0]).toMatchObject({ key: '_usb-format', ok: true });
    expect(job.results.at(-1)?.detail).toContain('setup.bin is the first file');
    expect(execFileSync('mdir', ['-b', '-i', image, '::']).toString().trim().split('\n')[0]).toMatch(/setup\.bin$/i);
  });

  it('refuses bytes that are not a setup.bin, and image targets unless the test flag is set', async () => {
    const junk = await dispatch('usb.write', {
      source: { kind: 'file', name: 'junk', base64: Buffer.alloc(1024, 7).toString('base64') },
      target: { imagePath: image },
    });
    expect(junk).toMatchObject({ ok: false, error: { code: 'usb.not-setupbin' } });
    delete process.env.OUTBAND_ALLOW_IMAGE_TARGETS;
    const refused = await dispatch('usb.write', {
      source: { kind: 'config', config, options: {} },
      target: { imagePath: image },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'usb.image-targets-disabled' } });
    const list = await dispatch('usb.list', undefined);
    expect(list).toMatchObject({ ok: true, data: { imageTargets: false } });
  });

  it('accepts only absolute paths to existing regular .img files as image targets', async () => {
    const source = { kind: 'config' as const, config, options: {} };
    const other = join(dataDir, 'stick.bin');
    execFileSync('cp', [image, other]);
    const missing = await dispatch('usb.write', { source, target: { imagePath: join(dataDir, 'missing.img') } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'usb.target-missing' } });
    const relative = await dispatch('usb.write', { source, target: { imagePath: 'stick.img' } });
    expect(relative).toMatchObject({ ok: false, error: { code: 'usb.bad-image-path' } });
    const wrongName = await dispatch('usb.write', { source, target: { imagePath: other } });
    expect(wrongName).toMatchObject({ ok: false, error: { code: 'usb.bad-image-path' } });
    const folder = join(dataDir, 'folder.img');
    execFileSync('mkdir', [folder]);
    const notFile = await dispatch('usb.write', { source, target: { imagePath: folder } });
    expect(notFile).toMatchObject({ ok: false, error: { code: 'usb.bad-image-path' } });
  });

  it('refuses a device that is not in the drive list', async () => {
    const reply = await dispatch('usb.write', {
      source: { kind: 'config', config, options: {} },
      target: { device: '/dev/outband-no-such-drive' },
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'usb.drive-not-found' } });
  });
});
