import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { discoveryChannels } from '../../../shared/ipc/discovery';

/** Handlers of discovery: thin calls into the DiscoveryService. */
export function createDiscoveryHandlers(services: Services): HandlersFor<keyof typeof discoveryChannels> {
  const discovery = services.discovery;
  return {
    'discovery.list': async () => ({ ...(await discovery.list()), listener: discovery.listenerStatus() }),
    'discovery.scan': async (request) => discovery.startScan(request),
    'discovery.forget': async ({ addresses }) => ({ forgotten: await discovery.forget(addresses) }),
    'discovery.add': async (request) => {
      const { added, problems } = await discovery.addToManaged(request);
      return { added: added.length, deviceIds: added.map((d) => d.id), problems };
    },
    'discovery.listenerStart': (options) => discovery.startListener(options),
    'discovery.listenerStop': () => discovery.stopListener(),
    'discovery.setExpiry': async ({ hours }) => ({ expiryHours: await discovery.setExpiry(hours) }),
  };
}
