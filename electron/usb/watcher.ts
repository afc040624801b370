/**
 * Keeps the drive list fresh: USB attach/detach events (debounced) trigger a new listing, and a
 * slow poll catches whatever events miss. Without a usable libusb the poll alone runs.
 */
import type { DriveInfo } from './drives';

/** Something that calls back when USB devices come or go. */
export interface HotplugSource {
  /** Starts listening; resolves to a stop function, or null when hotplug is unavailable. */
  start(onEvent: () => void): Promise<(() => void) | null>;
}

/** The listener registration shapes of the `usb` package (WebUSB-style v3, EventEmitter v2). */
interface UsbLike {
  getDevices?: () => Promise<unknown[]>;
  addEventListener?: (type: string, l: () => void) => void;
  removeEventListener?: (type: string, l: () => void) => void;
  on?: (type: string, l: () => void) => void;
  removeListener?: (type: string, l: () => void) => void;
}

/**
 * Hotplug from the `usb` package. It probes libusb first: the package's own listener setup
 * raises an uncatchable error when the USB bus cannot be read, so it is only called after a
 * successful probe.
 */
export function usbHotplugSource(load: () => Promise<UsbLike | undefined> = loadUsb): HotplugSource {
  return {
    async start(onEvent) {
      let usb: UsbLike | undefined;
      try {
        usb = await load();
        if (!usb) return null;
        if (usb.getDevices) await usb.getDevices();
      } catch {
        return null;
      }
      if (usb.addEventListener && usb.removeEventListener) {
        const u = usb as Required<Pick<UsbLike, 'addEventListener' | 'removeEventListener'>>;
        u.addEventListener('connect', onEvent);
        u.addEventListener('disconnect', onEvent);
        return () => {
          u.removeEventListener('connect', onEvent);
          u.removeEventListener('disconnect', onEvent);
        };
      }
      if (usb.on && usb.removeListener) {
        const u = usb as Required<Pick<UsbLike, 'on' | 'removeListener'>>;
        u.on('attach', onEvent);
        u.on('detach', onEvent);
        return () => {
          u.removeListener('attach', onEvent);
          u.removeListener('detach', onEvent);
        };
      }
      return null;
    },
  };
}

async function loadUsb(): Promise<UsbLike | undefined> {
  const mod = (await import('usb')) as unknown as { usb?: UsbLike };
  return mod.usb;
}

/** Options of watchDrives. */
export interface DriveWatcherOptions {
  list: () => Promise<DriveInfo[]>;
  onChange: (drives: DriveInfo[]) => void;
  onError?: (err: unknown) => void;
  /** Backup poll interval; default 10 s. */
  pollMs?: number;
  /** Quiet time after a USB event before listing; default 750 ms (disks appear after the device). */
  debounceMs?: number;
  /** Default: the `usb` package; null for polling only. */
  hotplug?: HotplugSource | null;
}

/** A running watcher. */
export interface DriveWatcher {
  /** True when USB events are being received (false: polling only). */
  readonly hotplug: boolean;
  /** Lists again now (debounced like an event). */
  refresh(): void;
  stop(): void;
}

const signature = (drives: readonly DriveInfo[]): string => JSON.stringify(drives);

/** Watches the drive list; onChange gets the first listing and every listing that differs. */
export async function watchDrives(options: DriveWatcherOptions): Promise<DriveWatcher> {
  const debounceMs = options.debounceMs ?? 750;
  let last: string | null = null;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> = Promise.resolve();

  const listNow = (): void => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        const drives = await options.list();
        const sig = signature(drives);
        if (!stopped && sig !== last) {
          last = sig;
          options.onChange(drives);
        }
      } catch (err) {
        options.onError?.(err);
      }
    });
  };
  const schedule = (): void => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      listNow();
    }, debounceMs);
  };

  const source = options.hotplug === undefined ? usbHotplugSource() : options.hotplug;
  const stopHotplug = source ? await source.start(schedule).catch(() => null) : null;
  const poll = setInterval(listNow, options.pollMs ?? 10_000);
  poll.unref?.();
  listNow();
  return {
    hotplug: stopHotplug !== null,
    refresh: schedule,
    stop() {
      stopped = true;
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      stopHotplug?.();
    },
  };
}
