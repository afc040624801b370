import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { provisioningChannels } from '../../../shared/ipc/provisioning';

/** Handlers of provisioning, adoption and unprovisioning: each starts a job in the service. */
export function createProvisioningHandlers(services: Services): HandlersFor<keyof typeof provisioningChannels> {
  return {
    'provision.start': (request) => services.provisioning.startProvision(request),
    'provision.pickFile': ({ purpose }) => services.provisioning.pickFile(purpose),
    'provision.adopt': (request) => services.provisioning.startAdopt(request),
    'provision.unprovision': (request) => services.provisioning.startUnprovision(request),
  };
}
