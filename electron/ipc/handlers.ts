import type { Services } from '../services';
import type { Handlers } from './dispatch';
import { keychainHelp } from '../vault/secret-store';
import { createVaultHandlers } from './handlers/vault';
import { createDevicesHandlers } from './handlers/devices';
import { createPowerHandlers } from './handlers/power';
import { createCertsHandlers } from './handlers/certs';
import { createSetupbinHandlers } from './handlers/setupbin';
import { createUsbHandlers } from './handlers/usb';
import { createSchedulesHandlers } from './handlers/schedules';
import { createLabHandlers } from './handlers/lab';
import { createDiscoveryHandlers } from './handlers/discovery';
import { createProvisioningHandlers } from './handlers/provisioning';
import { createReconcileHandlers } from './handlers/reconcile';
import { createSolHandlers } from './handlers/sol';

const PROBE_ACCOUNT = 'outband-keychain-probe';

async function keychainStatus(services: Services): Promise<{ available: boolean; detail: string }> {
  try {
    await services.env.secretStore.get(PROBE_ACCOUNT);
    const name = { linux: 'Secret Service', darwin: 'macOS Keychain', win32: 'Windows Credential Manager' }[
      process.platform as 'linux' | 'darwin' | 'win32'
    ];
    return { available: true, detail: name ?? 'OS keychain' };
  } catch {
    return { available: false, detail: keychainHelp() };
  }
}

/** The handler table: one entry per contract channel, each a thin call into a service. */
export function createHandlers(services: Services): Handlers {
  return {
    'app.info': async () => ({
      name: 'Outband',
      version: services.env.appVersion,
      versions: {
        node: process.versions.node,
        electron: services.env.runtime.electron,
        chrome: services.env.runtime.chrome,
        v8: process.versions.v8,
      },
      platform: process.platform,
      arch: process.arch,
      dataDir: services.env.dataDir,
      keychain: await keychainStatus(services),
    }),
    'job.list': async () => services.jobs.list(),
    'job.cancel': async ({ id }) => ({ cancelled: services.jobs.cancel(id) }),
    ...createVaultHandlers(services),
    ...createDevicesHandlers(services),
    ...createPowerHandlers(services),
    ...createCertsHandlers(services),
    ...createSetupbinHandlers(services),
    ...createUsbHandlers(services),
    ...createSchedulesHandlers(services),
    ...createLabHandlers(services),
    ...createDiscoveryHandlers(services),
    ...createProvisioningHandlers(services),
    ...createReconcileHandlers(services),
    ...createSolHandlers(services),
  };
}
