import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { labChannels } from '../../../shared/ipc/lab';
import { OutbandError } from '../../../shared/errors';

/** Handlers of the simulated lab: thin calls into the LabService. */
export function createLabHandlers(services: Services): HandlersFor<keyof typeof labChannels> {
  return {
    'lab.status': () => services.lab.status(),
    'lab.start': () => services.lab.start(),
    'lab.stop': ({ remove }) => services.lab.stop({ remove }),
    'lab.screen': async ({ deviceId }) => {
      const screen = await services.lab.screen(deviceId);
      if (screen === null) {
        throw new OutbandError('lab.not-simulated', 'That device is not a running device of the simulated lab.');
      }
      return screen;
    },
  };
}
