import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { vaultChannels, CredentialUser } from '../../../shared/ipc/vault';
import type { Device } from '../../../shared/domain/device';
import { OutbandError } from '../../../shared/errors';

function assertSame(password: string, confirm: string): void {
  if (password !== confirm) {
    throw new OutbandError(
      'vault.password-mismatch',
      'The two passwords are not the same. Type the password again in both fields.',
    );
  }
}

/** Which of a device's settings point at the credential. */
function userOf(device: Device, credentialId: string): CredentialUser {
  const roles: CredentialUser['roles'] = [];
  if (device.credentialId === credentialId) roles.push('amt');
  if (device.smb?.credentialId === credentialId) roles.push('smb');
  return { id: device.id, name: device.name, address: device.address, roles };
}

/** The handlers of the vault channels: thin calls into the services. */
export function createVaultHandlers(services: Services): HandlersFor<keyof typeof vaultChannels> {
  const { vault, devices } = services;
  return {
    'vault.list': async () => {
      const [credentials, all] = await Promise.all([vault.list(), devices.list()]);
      const counts = new Map<string, number>();
      for (const d of all) {
        const ids = new Set([d.credentialId, d.smb?.credentialId].filter((x): x is string => Boolean(x)));
        for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return credentials.map((c) => ({ ...c, deviceCount: counts.get(c.id) ?? 0 }));
    },
    'vault.create': async ({ name, loginName, password, confirm, description }) => {
      assertSame(password, confirm);
      return vault.create({ name, loginName, password, description });
    },
    'vault.rename': async ({ id, name }) => vault.rename(id, name),
    'vault.changePassword': async ({ id, password, confirm }) => {
      assertSame(password, confirm);
      return vault.changePassword(id, password);
    },
    'vault.delete': async ({ id, detach }) => {
      const users = await devices.devicesUsingCredential(id);
      await vault.delete(id, { detach });
      return { deleted: true as const, detached: users.length };
    },
    'vault.usage': async ({ id }) => {
      await vault.get(id);
      return (await devices.devicesUsingCredential(id)).map((d) => userOf(d, id));
    },
  };
}
