import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { powerChannels } from '../../../shared/ipc/power';
import { PowerService } from '../../power';

/** The handlers of the power channels: thin calls into a PowerService over these services. */
export function createPowerHandlers(services: Services): HandlersFor<keyof typeof powerChannels> {
  const power = new PowerService({
    devices: services.devices,
    store: services.store,
    jobs: services.jobs,
    resolveCredential: (id) => services.vault.resolvePassword(id),
    pool: services.sessionPool,
    onConsentNeeded: (request) => services.env.emit('power.consentNeeded', request),
  });
  return {
    'power.check': ({ deviceIds }) => power.check(deviceIds),
    'power.request': ({ deviceIds, state, confirmSelf }) => power.request(deviceIds, state, { confirmSelf }),
    'power.refresh': ({ deviceIds }) => power.refresh(deviceIds),
    'power.forgetPin': ({ deviceId }) => power.forgetPin(deviceId),
    'power.acceptIdentity': ({ deviceId }) => power.acceptIdentity(deviceId),
    'power.consentCode': ({ jobId, deviceId, code }) => power.answerConsent(jobId, deviceId, code),
    'power.consentCancel': async ({ jobId, deviceId }) => {
      power.cancelConsent(jobId, deviceId);
      return { cancelled: true };
    },
  };
}
