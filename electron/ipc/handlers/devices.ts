import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { devicesChannels } from '../../../shared/ipc/devices';

/** The handlers of the devices channels: thin calls into the services. */
export function createDevicesHandlers(_services: Services): HandlersFor<keyof typeof devicesChannels> {
  return {};
}
