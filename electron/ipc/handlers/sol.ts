import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { solChannels } from '../../../shared/ipc/sol';
import { SolService } from '../../console/sol-service';

/**
 * The handlers of the console channels: thin calls into one SolService, whose output and status
 * reach the renderer as `sol.*` events. Its consoles close with the app and with their device.
 */
export function createSolHandlers(services: Services): HandlersFor<keyof typeof solChannels> {
  const sol = new SolService({
    devices: services.devices,
    resolveCredential: (id) => services.vault.resolvePassword(id),
    onStatus: (status) => services.env.emit('sol.changed', status),
    onData: (deviceId, data) => services.env.emit('sol.data', { deviceId, data: Buffer.from(data).toString('base64') }),
    onWarning: (deviceId, message) => services.env.emit('sol.warning', { deviceId, message }),
    onConsentNeeded: (request) => services.env.emit('sol.consentNeeded', request),
    redirectionPort: (device) => (device.simulated ? services.lab.redirectionPort(device.id) : undefined),
  });
  services.onClose.push(() => sol.closeAll());
  services.devices.onRemoved((ids) => void sol.closeDevices(ids));
  return {
    'sol.open': ({ deviceId, enableRedirection }) => sol.open(deviceId, { enableRedirection }),
    'sol.status': async ({ deviceId }) => sol.status(deviceId),
    'sol.input': async ({ deviceId, data }) => {
      sol.write(deviceId, data);
      return { sent: true };
    },
    'sol.close': async ({ deviceId }) => ({ closed: await sol.close(deviceId) }),
    'sol.consentCode': ({ deviceId, code }) => sol.answerConsent(deviceId, code),
    'sol.consentCancel': async ({ deviceId }) => {
      sol.cancelConsent(deviceId);
      return { cancelled: true };
    },
  };
}
