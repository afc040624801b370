import { OutbandError } from '../../shared/errors';
import type { Device } from '../../shared/domain/device';
import type { Store } from '../store/store';

/**
 * Accepts on purpose that a device answers with a new identity (re-provisioned or replaced, after
 * `device.identity-changed`): forgets the remembered digest realm and UUID, so the next contact
 * learns them again (the realm at once, the UUID at the next inventory read). The TLS pin is a
 * separate decision (forget it on its own when the certificate changed too).
 */
export async function forgetIdentity(store: Store, deviceId: string): Promise<Device> {
  return store.update('devices', (doc) => {
    const found = doc.devices.find((d) => d.id === deviceId);
    if (!found) throw new OutbandError('device.not-found', `No device with id ${deviceId}.`);
    if (found.firmware) {
      const { realm: _realm, uuid: _uuid, ...rest } = found.firmware;
      found.firmware = rest;
    }
    found.updated = new Date().toISOString();
    return { ...found };
  });
}
