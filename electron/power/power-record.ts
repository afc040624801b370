import type { Store } from '../store/store';

/**
 * Collects what devices reported (power state, when seen) and writes it in one store update, so
 * a job over a thousand devices rewrites the device document once, not a thousand times.
 */
export class PowerRecord {
  private readonly seen = new Map<string, { powerState: number; lastSeen: string }>();
  private readonly realms = new Map<string, string>();

  constructor(private readonly store: Store) {}

  /** Remembers a device's power state as read now. */
  note(deviceId: string, powerState: number): void {
    this.seen.set(deviceId, { powerState, lastSeen: new Date().toISOString() });
  }

  /** Remembers the digest realm first seen on a device that had none (its identity from then on). */
  noteRealm(deviceId: string, realm: string): void {
    this.realms.set(deviceId, realm);
  }

  /**
   * Writes everything noted so far into the devices' firmware facts (devices removed meanwhile are
   * skipped). A realm is written only where none is stored: one stored meanwhile is not replaced.
   */
  async flush(): Promise<void> {
    if (this.seen.size === 0 && this.realms.size === 0) return;
    const batch = new Map(this.seen);
    const realms = new Map(this.realms);
    this.seen.clear();
    this.realms.clear();
    await this.store.update('devices', (doc) => {
      for (const device of doc.devices) {
        const fact = batch.get(device.id);
        if (fact) device.firmware = { ...device.firmware, ...fact };
        const realm = realms.get(device.id);
        if (realm !== undefined && device.firmware?.realm === undefined)
          device.firmware = { ...device.firmware, realm };
      }
    });
  }
}
