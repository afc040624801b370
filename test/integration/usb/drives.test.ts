/** Drive verdicts (pure), mount-table parsing, and the drive watcher with real timers. */
import { describe, expect, it } from 'vitest';
import {
  assessDrive,
  findDrive,
  isFatFilesystem,
  listDrives,
  platformFormatCommand,
  toDriveInfo,
  watchDrives,
  usbHotplugSource,
  type DriveInfo,
  type HotplugSource,
  type RawDrive,
} from '../../../electron/usb';
import { mountOfPath, parseMacMount, parseProcMounts, parseWindowsVolumes } from '../../../electron/usb/mounts';
import { fatTypeOfBootSector } from '../../../electron/usb/fat';

const stick: RawDrive = {
  device: '/dev/sdb',
  description: 'SanDisk Cruzer Blade',
  size: 16_000_000_000,
  mountpoints: [{ path: '/media/tech/AMT_USB', label: 'AMT_USB' }],
  isRemovable: true,
  isSystem: false,
  isReadOnly: false,
  isVirtual: false,
  isUSB: true,
};

describe('assessDrive (refusal rules)', () => {
  it('accepts a removable USB stick', () => {
    expect(assessDrive(stick)).toEqual({ refusal: null, needsConfirmation: null });
  });
  it('refuses the system drive, whatever else it is', () => {
    expect(assessDrive({ ...stick, isSystem: true }).refusal).toMatch(/system drive/);
  });
  it('refuses a fixed internal disk', () => {
    expect(assessDrive({ ...stick, isRemovable: false, isUSB: false }).refusal).toMatch(/not a removable drive/);
  });
  it('accepts a USB disk that reports itself as fixed (many USB sticks do)', () => {
    expect(assessDrive({ ...stick, isRemovable: false, isUSB: true }).refusal).toBeNull();
  });
  it('refuses a write-protected stick and says why it matters', () => {
    expect(assessDrive({ ...stick, isReadOnly: true }).refusal).toMatch(/read-only.*firmware must be able to write/);
  });
  it('refuses virtual devices such as zram', () => {
    expect(assessDrive({ ...stick, device: '/dev/zram0', isVirtual: true }).refusal).toMatch(/virtual/);
  });
  it('asks for confirmation above 64 GB', () => {
    const r = assessDrive({ ...stick, size: 128_000_000_000 });
    expect(r.refusal).toBeNull();
    expect(r.needsConfirmation).toMatch(/larger than 64 GB \(128\.0 GB\)/);
    expect(assessDrive({ ...stick, size: 64_000_000_000 }).needsConfirmation).toBeNull();
  });
  it('builds DriveInfo with file systems per mount and finds drives by device', () => {
    const info = toDriveInfo(stick, new Map([['/media/tech/AMT_USB', 'vfat']]));
    expect(info).toMatchObject({
      device: '/dev/sdb',
      removable: true,
      usb: true,
      mountpoints: [{ path: '/media/tech/AMT_USB', label: 'AMT_USB', filesystem: 'vfat' }],
    });
    expect(findDrive([info], '/dev/sdb')).toBe(info);
    expect(() => findDrive([info], '/dev/sdz')).toThrow(/No drive \/dev\/sdz/);
  });
  it('lists this machine without error, refusing its system disk', async () => {
    const drives = await listDrives();
    for (const d of drives.filter((x) => x.system)) expect(d.refusal).toMatch(/system/);
  });
});

describe('file system recognition', () => {
  it('parses the mount tables of Linux, macOS and Windows', () => {
    const linux = parseProcMounts('/dev/sdb1 /media/tech/AMT\\040USB vfat rw,relatime 0 0\n/dev/vda / ext4 rw 0 0\n');
    expect(linux.get('/media/tech/AMT USB')).toBe('vfat');
    expect(mountOfPath(linux, '/media/tech/AMT USB/x')?.filesystem).toBe('vfat');
    expect(mountOfPath(linux, '/home/x')?.filesystem).toBe('ext4');
    expect(
      parseMacMount('/dev/disk4s1 on /Volumes/AMT_USB (msdos, local, nodev, nosuid, noowners)\n').get(
        '/Volumes/AMT_USB',
      ),
    ).toBe('msdos');
    expect(parseWindowsVolumes('E|FAT32\r\nC|NTFS\r\n|\r\n').get('E:\\')).toBe('FAT32');
    expect(['vfat', 'msdos', 'FAT32', 'FAT'].every(isFatFilesystem)).toBe(true);
    expect(['exfat', 'ntfs', 'ext4', null].some(isFatFilesystem)).toBe(false);
  });
  it('recognises FAT boot sectors and nothing else', () => {
    const sector = new Uint8Array(512);
    expect(fatTypeOfBootSector(sector)).toBeNull();
    sector.set([0x55, 0xaa], 510);
    sector.set([0x00, 0x02, 0x08], 11);
    sector.set(
      [...'FAT32   '].map((c) => c.charCodeAt(0)),
      0x52,
    );
    expect(fatTypeOfBootSector(sector)).toBe('FAT32');
  });
  it('documents the format command of each platform', () => {
    expect(platformFormatCommand('/dev/sdb', 'fat32', 'linux')).toBe('mkfs.fat -F 32 -I -n AMT_USB /dev/sdb');
    expect(platformFormatCommand('disk4', 'fat16', 'darwin')).toBe('diskutil eraseDisk FAT16 AMT_USB MBRFormat disk4');
    expect(platformFormatCommand('E:', 'fat32', 'win32')).toBe('format E: /FS:FAT32 /V:AMT_USB /Q');
  });
});

/** A hotplug source driven by the test: the watcher is what is under test, not libusb. */
function manualHotplug(): HotplugSource & { fire(): void; stopped: boolean } {
  let listener: (() => void) | null = null;
  const h = {
    stopped: false,
    fire: () => listener?.(),
    start: async (on: () => void) => {
      listener = on;
      return () => {
        h.stopped = true;
        listener = null;
      };
    },
  };
  return h;
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const drive = (device: string): DriveInfo => toDriveInfo({ ...stick, device });

describe('watchDrives', () => {
  it('reports the first list, then one debounced refresh for a burst of USB events', async () => {
    let drives = [drive('/dev/sdb')];
    let listings = 0;
    const seen: string[][] = [];
    const hotplug = manualHotplug();
    const w = await watchDrives({
      list: async () => (listings++, drives),
      onChange: (d) => seen.push(d.map((x) => x.device)),
      hotplug,
      debounceMs: 30,
      pollMs: 60_000,
    });
    await sleep(20);
    expect(w.hotplug).toBe(true);
    expect(seen).toEqual([['/dev/sdb']]);
    drives = [drive('/dev/sdb'), drive('/dev/sdc')];
    hotplug.fire();
    hotplug.fire();
    hotplug.fire();
    await sleep(120);
    expect(listings).toBe(2);
    expect(seen).toEqual([['/dev/sdb'], ['/dev/sdb', '/dev/sdc']]);
    w.stop();
    expect(hotplug.stopped).toBe(true);
  });

  it('polls when there is no hotplug and reports only changes', async () => {
    let drives: DriveInfo[] = [];
    const seen: number[] = [];
    const w = await watchDrives({
      list: async () => drives,
      onChange: (d) => seen.push(d.length),
      hotplug: null,
      pollMs: 25,
    });
    await sleep(80);
    expect(seen).toEqual([0]);
    drives = [drive('/dev/sdd')];
    await sleep(80);
    w.stop();
    expect(seen).toEqual([0, 1]);
  });

  it('reports listing errors and keeps going', async () => {
    let fail = true;
    const errors: unknown[] = [];
    const seen: number[] = [];
    const w = await watchDrives({
      list: async () => {
        if (fail) throw new Error('lsblk went away');
        return [];
      },
      onChange: (d) => seen.push(d.length),
      onError: (e) => errors.push(e),
      hotplug: null,
      pollMs: 25,
    });
    await sleep(40);
    fail = false;
    await sleep(60);
    w.stop();
    expect(errors.length).toBeGreaterThan(0);
    expect(seen).toEqual([0]);
  });

  it('falls back to polling when libusb cannot read the bus, without crashing the process', async () => {
    const failing = usbHotplugSource(async () => ({
      getDevices: async () => {
        throw new Error('/sys/bus/usb/devices/ not found');
      },
      addEventListener: () => {
        throw new Error('must not be called after a failed probe');
      },
      removeEventListener: () => undefined,
    }));
    expect(await failing.start(() => undefined)).toBeNull();
    // The real `usb` package on this machine: whatever it finds, the watcher starts and stops cleanly.
    const w = await watchDrives({ list: async () => [], onChange: () => undefined, pollMs: 60_000 });
    await sleep(200);
    w.stop();
    expect(typeof w.hotplug).toBe('boolean');
  });
});
