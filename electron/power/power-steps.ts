import { OutbandError } from '../../shared/errors';
import type { JobItemOutcome } from '../../shared/domain/job';
import { powerStateInfo } from '../../shared/power-states';
import { bootTo, getPowerStatus, sendPowerStateChange, type AmtSession, type PowerStatus } from '../amt';
import { obtainConsent, type ConsentHooks } from './consent-step';
import { actionLabel, type PowerAction } from './power-action';

/** What one device's part of a job produced, as the result table shows it. */
export interface DeviceOutcome {
  detail: string;
  /** done, already in the target state, or skipped (not allowed now); absent for reads. */
  outcome?: JobItemOutcome;
}

/** How an action runs on one device. */
export interface ApplyOptions {
  signal?: AbortSignal;
  /** Where a boot gets its user-consent code; without it such a device fails with `amt.user-consent-required`. */
  consent?: ConsentHooks;
  /**
   * Send the change without reading the state first: the state was read recently, or the caller
   * accepts that the device decides. The change's own ReturnValue then tells a refused state, and
   * only a refused change costs one read (to say "already on" or why it was skipped).
   */
  skipRead?: boolean;
  /** The state read recently, for the result's "Was …" when the change goes out without a read. */
  known?: number;
}

// Asking for the state a device is already in is done, not a failure (AMT refuses it).
const ALREADY_THERE: ReadonlyMap<number, string> = new Map([
  [2, 'on'],
  [8, 'off'],
]);

/**
 * The state a device reports once a change it accepted has happened, for the states where that
 * is certain (a reset leaves the host on); others (sleep, a graceful off the OS may ignore) are
 * left for the next read.
 */
const STATE_AFTER: ReadonlyMap<number, number> = new Map([
  [2, 2],
  [5, 2],
  [10, 2],
  [14, 2],
  [8, 8],
]);

/** Reads the current power state and what can be requested from it. */
export function readStatus(s: AmtSession, signal?: AbortSignal): Promise<PowerStatus> {
  return getPowerStatus(s, { signal });
}

/** Why a state cannot be requested now, or undefined when it can (or the device listed nothing). */
function unavailableReason(status: PowerStatus, code: number): string | undefined {
  if (status.available.length === 0 || status.available.some((a) => a.code === code)) return undefined;
  const wanted = powerStateInfo(code).label;
  const can = status.available.map((a) => a.label).join(', ');
  return `${wanted} is not available while the device is ${status.powerState.label}; available: ${can}.`;
}

/** Judges a state request against a state just read: already there, skipped, or undefined (send it). */
function judge(status: PowerStatus, code: number): DeviceOutcome | undefined {
  const word = ALREADY_THERE.get(code);
  if (word !== undefined && status.powerState.code === code)
    return { outcome: 'already', detail: `Already ${word}; nothing sent.` };
  const reason = unavailableReason(status, code);
  return reason === undefined ? undefined : { outcome: 'skipped', detail: `Skipped: ${reason}` };
}

/** True for a RequestPowerStateChange the device refused as not possible from its state. */
function isRefusedState(err: unknown): boolean {
  if (!(err instanceof OutbandError) || err.details?.method !== 'RequestPowerStateChange') return false;
  const value = err.details.returnValue;
  // 2 is what AMT returns for a state that is not available now; 4097 is the DMTF name for it.
  return value === 2 || value === 4097;
}

/**
 * Requests one power state on one device. Without `skipRead` the state is read first, so a device
 * already there ends "already" and one that does not allow it ends "skipped", both without sending
 * anything (2 requests warm). With `skipRead` the change goes out at once (1 request warm); if the
 * device refuses it, one read tells "already" or "skipped", and any other refusal is an error.
 */
async function requestState(
  s: AmtSession,
  code: number,
  label: string,
  seen: (code: number) => void,
  opts: ApplyOptions,
): Promise<DeviceOutcome> {
  let was = opts.known === undefined ? '' : `Was ${powerStateInfo(opts.known).label}; `;
  if (!opts.skipRead) {
    const before = await readStatus(s, opts.signal);
    seen(before.powerState.code);
    const verdict = judge(before, code);
    if (verdict) return verdict;
    was = `Was ${before.powerState.label}; `;
  }
  try {
    await sendPowerStateChange(s, code, { signal: opts.signal });
  } catch (err) {
    if (!isRefusedState(err)) throw err;
    const now = await readStatus(s, opts.signal);
    seen(now.powerState.code);
    const verdict = judge(now, code);
    if (verdict) return verdict;
    throw err;
  }
  const after = STATE_AFTER.get(code);
  if (after !== undefined) seen(after);
  return { outcome: 'done', detail: `${was}${label} sent.` };
}

/**
 * Does one action on one device: a power state (see requestState), or a one-time boot. A boot on
 * a device that needs user consent gets its code through `opts.consent`; without it, it fails with
 * `amt.user-consent-required`. `seen` hears every power state read or made certain on the way.
 */
export async function applyAction(
  s: AmtSession,
  action: PowerAction,
  seen: (code: number) => void,
  opts: ApplyOptions = {},
): Promise<DeviceOutcome> {
  if (action.kind === 'state') return requestState(s, action.state.code, actionLabel(action), seen, opts);
  const before = await readStatus(s, opts.signal);
  seen(before.powerState.code);
  const consented = opts.consent ? await obtainConsent(s, opts.consent, opts.signal) : false;
  await bootTo(s, action.target, { signal: opts.signal });
  seen(2);
  const consent = consented ? 'consent given; ' : '';
  return { outcome: 'done', detail: `Was ${before.powerState.label}; ${consent}${actionLabel(action)} sent.` };
}
