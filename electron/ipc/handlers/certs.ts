import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { certsChannels } from '../../../shared/ipc/certs';

/** The handlers of the certs channels: thin calls into the services. */
export function createCertsHandlers(_services: Services): HandlersFor<keyof typeof certsChannels> {
  return {};
}
