import type { Store } from '../store/store';

/**
 * Collects what devices reported (power state, when seen) and writes it in one store update, so
 * a job over a thousand devices rewrites the device document once, not a thousand times.
 */
export class PowerRecord {
  private readonly seen = new Map<string, { powerState: number; lastSeen: string }>();

  constructor(private readonly store: Store) {}

  /** Remembers a device's power state as read now. */
  note(deviceId: string, powerState: number): void {
    this.seen.set(deviceId, { powerState, lastSeen: new Date().toISOString() });
  }

  /** Writes everything noted so far into the devices' firmware facts (devices removed meanwhile are skipped). */
  async flush(): Promise<void> {
    if (this.seen.size === 0) return;
    const batch = new Map(this.seen);
    this.seen.clear();
    await this.store.update('devices', (doc) => {
      for (const device of doc.devices) {
        const fact = batch.get(device.id);
        if (fact) device.firmware = { ...device.firmware, ...fact };
      }
    });
  }
}
