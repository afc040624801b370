import { OutbandError, toErrorValue, type ErrorValue } from '../../shared/errors';
import {
  getOptInStatus,
  getPowerStatus,
  getProvisioning,
  sendOptInCode,
  sendPowerStateChange,
  startOptIn,
} from '../amt';
import { bootNeedsConsent, cancelOptIn } from '../amt/consent';
import { isHostOn } from '../amt/power-states';
import type { AmtSession } from '../amt';

/** What became of one code: accepted, or refused (and whether the device still takes another). */
export interface ConsentAnswer {
  accepted: boolean;
  error?: ErrorValue;
  canRetry?: boolean;
}

/** How a boot step gets the code a person reads on the device's screen (the UI, a terminal, an env var). */
export interface ConsentHooks {
  /**
   * Supplies a code; `previous` says why the last one was refused. Without `ask` the request is
   * left showing on the device and the device fails with `amt.user-consent-required`.
   */
  ask?: (previous?: ErrorValue) => Promise<string>;
  /** Hears what became of every code `ask` supplied, exactly once per code. */
  onResult?: (answer: ConsentAnswer) => void;
  /** Codes tried before giving up (default 3, as firmware allows a few wrong codes). */
  maxAttempts?: number;
  /** Says how to provide a code, appended to the `amt.user-consent-required` message without `ask`. */
  howToProvide?: string;
}

const STILL_SHOWING = new Set(['requested', 'displayed']);

/**
 * Gets user consent before a boot change on a device that needs it (client control mode, or a
 * policy of "all"; wsman-amt.md §3.5); does nothing on one that does not. Powers the host on so
 * it can show the code, starts opt-in, and sends codes from `hooks.ask` until one is accepted,
 * the device stops taking codes, or the asking fails (cancel, timeout, abort); then withdraws the
 * request so the screen stops showing it. True when consent was obtained here.
 */
export async function obtainConsent(s: AmtSession, hooks: ConsentHooks, signal?: AbortSignal): Promise<boolean> {
  const opts = { signal };
  const { controlMode } = await getProvisioning(s, opts);
  const status = await getOptInStatus(s, opts);
  if (!bootNeedsConsent(controlMode, status)) return false;
  const hostOn = isHostOn((await getPowerStatus(s, opts)).powerState.code);
  if (!hooks.ask) {
    // Left showing on purpose: a later run can send the code (the CLI's --consent-code-env).
    if (hostOn && status.state === 'not-started') await startOptIn(s, opts);
    const shown = hostOn
      ? 'It was asked to show a 6-digit code on its screen'
      : 'It is off, so it cannot show the 6-digit code on its screen yet';
    throw new OutbandError(
      'amt.user-consent-required',
      `${s.host} needs user consent for boot changes (${controlMode} control mode). ${shown}${hooks.howToProvide ? `; ${hooks.howToProvide}` : '.'}`,
    );
  }
  // The code appears on the device's own screen, so the host must be running.
  if (!hostOn) await sendPowerStateChange(s, 2, opts);
  if (status.state === 'not-started') await startOptIn(s, opts);
  const max = hooks.maxAttempts ?? 3;
  let previous: ErrorValue | undefined;
  try {
    for (let attempt = 1; ; attempt++) {
      const code = await hooks.ask(previous);
      try {
        await sendOptInCode(s, code, opts);
      } catch (err) {
        const error = toErrorValue(err);
        const now = signal?.aborted ? undefined : await getOptInStatus(s, opts).catch(() => undefined);
        const canRetry = attempt < max && now !== undefined && STILL_SHOWING.has(now.state);
        hooks.onResult?.({ accepted: false, error, canRetry });
        if (!canRetry) throw err;
        previous = error;
        continue;
      }
      hooks.onResult?.({ accepted: true });
      return true;
    }
  } catch (err) {
    // Without the job's signal: a cancelled job still withdraws the code from the screen.
    await cancelOptIn(s).catch(() => undefined);
    throw err;
  }
}
