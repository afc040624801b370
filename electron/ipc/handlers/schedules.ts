import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { schedulesChannels } from '../../../shared/ipc/schedules';

/** The handlers of the schedules channels: thin calls into the services. */
export function createSchedulesHandlers(_services: Services): HandlersFor<keyof typeof schedulesChannels> {
  return {};
}
