import { create } from 'zustand';
import type { DiscoveredRow, ListenerStatus } from '../../../shared/ipc/discovery';
import { call, onEvent } from '../../app/api';
import { useUi } from '../../app/store';

interface DiscoveredState {
  devices: DiscoveredRow[];
  expiryHours: number;
  listener: ListenerStatus | null;
  loaded: boolean;
  selected: ReadonlySet<string>;
  setSelected(addresses: ReadonlySet<string>): void;
  load(): Promise<void>;
  /** Follows discovery.changed from main; returns the unsubscribe function. */
  follow(): () => void;
}

/** The Discovered screen's data: the discovered list, the listener and the selection (by address). */
export const useDiscovered = create<DiscoveredState>((set, get) => ({
  devices: [],
  expiryHours: 12,
  listener: null,
  loaded: false,
  selected: new Set(),
  setSelected: (selected) => set({ selected }),
  load: async () => {
    try {
      const { devices, expiryHours, listener } = await call('discovery.list');
      const present = new Set(devices.map((d) => d.address));
      const selected = new Set([...get().selected].filter((a) => present.has(a)));
      set({ devices, expiryHours, listener, loaded: true, selected });
    } catch (err) {
      useUi.getState().toastError(err);
    }
  },
  follow: () => {
    let queued = false;
    return onEvent('discovery.changed', () => {
      // A scan reports many findings at once: one reload for a burst of events.
      if (queued) return;
      queued = true;
      setTimeout(() => {
        queued = false;
        void get().load();
      }, 150);
    });
  },
}));
