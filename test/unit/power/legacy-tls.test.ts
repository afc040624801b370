// Legacy TLS cipher suites are a per-device choice: a device session asks for them only when
// that device was set to allow them (the connector, not this test, decides what they are).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/store';
import { DeviceService } from '../../../electron/vault';
import { openAmtSession, type AmtSessionOptions } from '../../../electron/amt';
import {
  withDeviceSession,
  type DeviceSessionDeps,
  type ReachableDevice,
} from '../../../electron/power/device-session';
import { DevicePatchSchema, DeviceInputSchema } from '../../../shared/domain/device';

function recordingDeps(seen: AmtSessionOptions[]): DeviceSessionDeps {
  return {
    resolveCredential: async () => ({ loginName: 'admin', password: 'not-used' }),
    pinIfUnset: async () => undefined,
    plainHttpAllowed: async () => true,
    // Records what the session was asked for, then opens a real one that is never used.
    openSession: (opts) => {
      seen.push(opts);
      return openAmtSession(opts);
    },
  };
}

const base: ReachableDevice = { id: 'd1', address: '127.0.0.1', port: 9, tlsMode: 'tls', credentialId: 'c1' };

describe('legacy TLS per device', () => {
  it('is off unless the device allows it', async () => {
    const seen: AmtSessionOptions[] = [];
    await withDeviceSession(base, recordingDeps(seen), async () => 'done');
    await withDeviceSession({ ...base, legacyTls: true }, recordingDeps(seen), async () => 'done');
    expect(seen.map((o) => o.legacyCiphers)).toEqual([false, true]);
  });

  it('is part of what a device stores and an edit may change', () => {
    expect(DeviceInputSchema.parse({ name: 'old-nuc', address: '10.0.0.5', legacyTls: true }).legacyTls).toBe(true);
    expect(DevicePatchSchema.parse({ legacyTls: false }).legacyTls).toBe(false);
    expect(DevicePatchSchema.safeParse({ legacyTls: 'yes' }).success).toBe(false);
  });
});

describe('legacy TLS stored by the device service', () => {
  it('keeps the choice on add and changes it on edit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outband-legacy-'));
    const store = await openStore(dir);
    try {
      const devices = new DeviceService(store);
      const added = await devices.add({ name: 'old-nuc', address: '10.0.0.5', legacyTls: true });
      expect((await devices.get(added.id)).legacyTls).toBe(true);
      await devices.update(added.id, { legacyTls: false });
      expect((await devices.get(added.id)).legacyTls).toBe(false);
      const modern = await devices.add({ name: 'new-nuc', address: '10.0.0.6' });
      expect(modern.legacyTls).toBeUndefined();
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
