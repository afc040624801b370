import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { usbChannels } from '../../../shared/ipc/usb';

/** The handlers of the usb channels: thin calls into the services. */
export function createUsbHandlers(_services: Services): HandlersFor<keyof typeof usbChannels> {
  return {};
}
