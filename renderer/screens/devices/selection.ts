import { create } from 'zustand';
import type { Device } from '../../../shared/domain/device';
import type { Folder } from '../../../shared/domain/folder';
import type { ZoneSettings } from '../../../shared/domain/zone';
import type { CredentialChoice } from '../../../shared/ipc/devices';
import type { ReconcileSummary } from '../../../shared/ipc/reconcile';
import { call } from '../../app/api';
import { useUi } from '../../app/store';

interface DevicesState {
  zone: ZoneSettings | null;
  devices: Device[];
  folders: Folder[];
  credentials: CredentialChoice[];
  /** The last reconciliation of each device (when, TLS as read, the failure if it failed). */
  summaries: Record<string, ReconcileSummary>;
  loaded: boolean;
  /** Ids of the selected devices in the list. */
  selectedIds: ReadonlySet<string>;
  setSelectedIds(ids: ReadonlySet<string>): void;
}

/** The Devices screen's data and selection; other features (Power) read the selection from here. */
export const useDevices = create<DevicesState>((set) => ({
  zone: null,
  devices: [],
  folders: [],
  credentials: [],
  summaries: {},
  loaded: false,
  selectedIds: new Set(),
  setSelectedIds: (selectedIds) => set({ selectedIds }),
}));

/** The selected devices as full objects, in list order. */
export function selectedDevices(
  state: Pick<DevicesState, 'devices' | 'selectedIds'> = useDevices.getState(),
): Device[] {
  return state.devices.filter((d) => state.selectedIds.has(d.id));
}

/** Hook form of selectedDevices, for components that re-render when the selection changes. */
export function useSelectedDevices(): Device[] {
  const devices = useDevices((s) => s.devices);
  const selectedIds = useDevices((s) => s.selectedIds);
  return selectedDevices({ devices, selectedIds });
}

let inFlight: Promise<void> | null = null;
let again = false;

async function fetchAll(): Promise<void> {
  const [zone, devices, folders, credentials, summaries] = await Promise.all([
    call('zone.get'),
    call('device.list'),
    call('folder.list'),
    call('device.credentialChoices'),
    call('reconcile.summaries'),
  ]);
  const ids = new Set(devices.map((d) => d.id));
  const kept = [...useDevices.getState().selectedIds].filter((id) => ids.has(id));
  useDevices.setState({ zone, devices, folders, credentials, summaries, loaded: true, selectedIds: new Set(kept) });
}

/**
 * Re-fetches the zone, devices, folders and credential names from main (after any change, e.g. a
 * power job that updated firmware state). Calls made while one is running coalesce into one more.
 * Failures are shown as a toast.
 */
export function refreshDevices(): Promise<void> {
  if (inFlight) {
    again = true;
    return inFlight;
  }
  inFlight = (async () => {
    try {
      do {
        again = false;
        await fetchAll();
      } while (again);
    } catch (err) {
      useUi.getState().toastError(err);
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}
