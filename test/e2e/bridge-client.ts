// Runs in the page before the renderer: builds window.outband exactly as the preload does, over
// Playwright bindings instead of Electron IPC. Bundled by the harness into an init script.
import { buildApi } from '../../shared/ipc/contract';

type Listener = (payload: unknown) => void;
const w = window as unknown as {
  outband: unknown;
  __outbandInvoke: (channel: string, args: unknown) => Promise<unknown>;
  __outbandEmit: (event: string, payload: unknown) => void;
};
const listeners = new Map<string, Set<Listener>>();

w.__outbandEmit = (event, payload) => {
  for (const listener of listeners.get(event) ?? []) listener(payload);
};

w.outband = Object.freeze(
  buildApi(
    (channel, args) => w.__outbandInvoke(channel, args),
    (event, listener) => {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  ),
);
