/** Time as the scheduler sees it; injected so tests move time by hand instead of waiting. */
export interface Clock {
  now(): Date;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

// setTimeout fires at once for delays above 2^31-1 ms; the scheduler never asks for that long.
const MAX_DELAY = 2_147_483_647;

/** The real clock. Timers are unref'd so a pending check never keeps a CLI process alive. */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimer: (fn, ms) => {
    const handle = setTimeout(fn, Math.min(Math.max(0, ms), MAX_DELAY));
    handle.unref?.();
    return handle;
  },
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
