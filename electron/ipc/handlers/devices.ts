import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { devicesChannels, ImportReport } from '../../../shared/ipc/devices';
import type { DeviceImportResult } from '../../vault/device-service';
import { OutbandError } from '../../../shared/errors';

function report(result: DeviceImportResult): ImportReport {
  const { preview, added } = result;
  return { ...preview, added: added.length };
}

/** The handlers of the zone, folder and device channels: thin calls into the services. */
export function createDevicesHandlers(services: Services): HandlersFor<keyof typeof devicesChannels> {
  const { devices, store } = services;
  return {
    'zone.get': async () => (await store.get('zone')).zone,
    'zone.update': async (changes) =>
      store.update('zone', (doc) => {
        if (changes.allowPlainHttp === false && doc.zone.defaultTlsMode === 'plain') {
          // New devices must not default to a mode the zone now refuses.
          doc.zone.defaultTlsMode = 'tls';
        }
        if (changes.name !== undefined) doc.zone.name = changes.name;
        if (changes.allowPlainHttp !== undefined) doc.zone.allowPlainHttp = changes.allowPlainHttp;
        doc.zone.updated = new Date().toISOString();
        return { ...doc.zone };
      }),
    'folder.list': async () => devices.listFolders(),
    'folder.add': async ({ name, parentId }) => devices.folders.add(name, parentId),
    'folder.rename': async ({ id, name }) => devices.folders.rename(id, name),
    'folder.move': async ({ id, parentId }) => devices.folders.move(id, parentId),
    'folder.remove': async ({ id, moveContentsUp }) => {
      await devices.folders.remove(id, { moveContentsUp });
      return { removed: true as const };
    },
    'device.list': async () => devices.list(),
    'device.add': async (input) => devices.add(input),
    'device.update': async ({ id, patch }) => devices.update(id, patch),
    'device.remove': async ({ ids }) => ({ removed: await devices.remove(ids) }),
    'device.move': async ({ ids, folderId }) => {
      await devices.move(ids, folderId);
      return { moved: new Set(ids).size };
    },
    'device.importPreview': async ({ text }) => report(await devices.importDevices(text, { dryRun: true })),
    'device.import': async ({ text }) => report(await devices.importDevices(text)),
    'device.export': async ({ format, ids }) => {
      const all = await devices.list();
      const wanted = ids ? new Set(ids) : undefined;
      const count = wanted ? all.filter((d) => wanted.has(d.id)).length : all.length;
      if (count === 0) throw new OutbandError('device.nothing-to-export', 'There are no devices to export.');
      const text = await devices.exportDevices(format, ids);
      const stamp = new Date().toISOString().slice(0, 10);
      const path = await services.env.saveFile(`outband-devices-${stamp}.${format}`, new TextEncoder().encode(text));
      return { path, count };
    },
    'device.credentialChoices': async () =>
      (await services.vault.list()).map((c) => ({ id: c.id, name: c.name, loginName: c.loginName })),
  };
}
