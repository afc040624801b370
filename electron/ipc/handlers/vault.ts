import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { vaultChannels } from '../../../shared/ipc/vault';

/** The handlers of the vault channels: thin calls into the services. */
export function createVaultHandlers(_services: Services): HandlersFor<keyof typeof vaultChannels> {
  return {};
}
