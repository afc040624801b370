import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { setupbinChannels } from '../../../shared/ipc/setupbin';

/** The handlers of the setupbin channels: thin calls into the services. */
export function createSetupbinHandlers(_services: Services): HandlersFor<keyof typeof setupbinChannels> {
  return {};
}
