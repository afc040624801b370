import { OutbandError } from '../../shared/errors';
import { powerStateInfo } from '../../shared/power-states';
import { bootTo, getPowerStatus, requestPowerState, type AmtSession, type PowerStatus } from '../amt';
import { obtainConsent, type ConsentHooks } from './consent-step';
import { actionLabel, type PowerAction } from './power-action';

/** What one device's part of a job produced, as the result table shows it. */
export interface DeviceOutcome {
  detail: string;
}

// Asking for the state a device is already in is done, not a failure (AMT would refuse it).
const ALREADY_THERE = new Set([2, 8]);

/** Reads the current power state and what can be requested from it. */
export function readStatus(s: AmtSession, signal?: AbortSignal): Promise<PowerStatus> {
  return getPowerStatus(s, { signal });
}

function refuseUnavailable(status: PowerStatus, code: number): void {
  if (status.available.length === 0 || status.available.some((a) => a.code === code)) return;
  const wanted = powerStateInfo(code).label;
  const can = status.available.map((a) => a.label).join(', ');
  throw new OutbandError(
    'amt.power-state-unavailable',
    `${wanted} is not available while the device is ${status.powerState.label}; available: ${can}.`,
    { code, current: status.powerState.code },
  );
}

/**
 * Does one action on one device: reads the state before (and reports it through `seen`),
 * sends the request or the boot sequence, then reads the state after. A boot on a device that
 * needs user consent gets its code through `consent`; without it, it fails with
 * `amt.user-consent-required`.
 */
export async function applyAction(
  s: AmtSession,
  action: PowerAction,
  seen: (code: number) => void,
  signal?: AbortSignal,
  consent?: ConsentHooks,
): Promise<DeviceOutcome> {
  const before = await readStatus(s, signal);
  seen(before.powerState.code);
  const was = `Was ${before.powerState.label}`;
  if (action.kind === 'state') {
    const code = action.state.code;
    if (ALREADY_THERE.has(code) && before.powerState.code === code) return { detail: `${was}; nothing to do.` };
    refuseUnavailable(before, code);
    await requestPowerState(s, code, { signal, checkAvailable: false });
  } else {
    const consented = consent ? await obtainConsent(s, consent, signal) : false;
    await bootTo(s, action.target, { signal });
    if (consented) {
      const after = await readStatus(s, signal);
      seen(after.powerState.code);
      return { detail: `${was}; consent given; ${actionLabel(action)} sent; now ${after.powerState.label}.` };
    }
  }
  const after = await readStatus(s, signal);
  seen(after.powerState.code);
  return { detail: `${was}; ${actionLabel(action)} sent; now ${after.powerState.label}.` };
}
