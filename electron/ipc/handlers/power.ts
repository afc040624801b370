import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { powerChannels } from '../../../shared/ipc/power';

/** The handlers of the power channels: thin calls into the services. */
export function createPowerHandlers(_services: Services): HandlersFor<keyof typeof powerChannels> {
  return {};
}
