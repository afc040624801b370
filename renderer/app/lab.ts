import { create } from 'zustand';
import type { LabStatus } from '../../shared/domain/lab';
import { call, onEvent } from './api';
import { useUi } from './store';

interface LabState {
  status: LabStatus | null;
  /** A start or stop is under way. */
  busy: boolean;
  load(): Promise<void>;
  start(): Promise<boolean>;
  stop(remove: boolean): Promise<boolean>;
  /** Follows lab.changed from main; returns the unsubscribe function. */
  follow(): () => void;
}

/** The simulated lab as every screen sees it: one status, kept fresh by main's lab.changed events. */
export const useLab = create<LabState>((set, get) => {
  const run = async (work: () => Promise<LabStatus>): Promise<boolean> => {
    if (get().busy) return false;
    set({ busy: true });
    try {
      set({ status: await work() });
      return true;
    } catch (err) {
      useUi.getState().toastError(err);
      void get().load();
      return false;
    } finally {
      set({ busy: false });
    }
  };
  return {
    status: null,
    busy: false,
    load: async () => {
      try {
        set({ status: await call('lab.status') });
      } catch (err) {
        useUi.getState().toastError(err);
      }
    },
    start: () => run(() => call('lab.start')),
    stop: (remove) => run(() => call('lab.stop', { remove })),
    follow: () => onEvent('lab.changed', (status) => set({ status })),
  };
});
