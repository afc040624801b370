// Power state machine: what may be requested from each state (AvailableRequestedPowerStates),
// and what a request does. Tables follow spec wsman-amt.md §3.1/§3.2 and the captures.
import { BOOT_FLAG_DEFAULTS, majorVersion, type DeviceState } from './state';

const ON = 2;
const SLEEP = 4;
const HIBERNATE = 7;
const OFF = 8;

/** States that reboot the host, so one-shot boot options are consumed. */
const BOOTING_REQUESTS = new Set([2, 5, 10, 14]);

/** AvailableRequestedPowerStates for the current state, in the order the firmware lists them. */
export function availablePowerStates(state: DeviceState): number[] {
  return availableFrom(state.powerState, majorVersion(state) >= 9);
}

/** What may be requested from `powerState`; `modern` is AMT 9.0 or later. */
function availableFrom(powerState: number, modern: boolean): number[] {
  switch (powerState) {
    case ON:
      // Captured from a powered-on AMT 12 unit; 4/7/11/12/14 arrived with AMT 9.0.
      return modern ? [10, 8, 5, 11, 4, 7, 14, 12] : [10, 8, 5];
    case SLEEP:
    case HIBERNATE:
      // Captured from a sleeping host (MPS): 8, 2, 5.
      return [8, 2, 5];
    default:
      // Off: only power on is accepted; a power cycle of an off host fails (sdague/amt #16).
      return [2];
  }
}

/** The order of the captured CIM_PowerManagementCapabilities.PowerStatesSupported, 4 and 7 after. */
const SUPPORTED_ORDER = [5, 8, 2, 10, 11, 12, 14, 4, 7];

/**
 * Every state the power table lets a console request from some state (PowerStatesSupported):
 * 2, 5, 8, 10 before AMT 9; with 4, 7, 11, 12 and 14 from AMT 9.
 */
export function supportedPowerStates(state: DeviceState): number[] {
  const modern = majorVersion(state) >= 9;
  const all = new Set([ON, SLEEP, HIBERNATE, OFF].flatMap((p) => availableFrom(p, modern)));
  return SUPPORTED_ORDER.filter((p) => all.has(p));
}

/** Result of a RequestPowerStateChange: 0 done, 2 not allowed now (what firmware returns). */
export function requestPowerState(state: DeviceState, requested: number, now: number, transitionMs: number): 0 | 2 {
  if (now < state.powerBusyUntil) return 2;
  if (!availablePowerStates(state).includes(requested)) return 2;
  const next = targetState(state.powerState, requested);
  if (BOOTING_REQUESTS.has(requested)) recordBoot(state, requested, now);
  state.powerState = next;
  state.powerBusyUntil = transitionMs > 0 ? now + transitionMs : 0;
  return 0;
}

function targetState(current: number, requested: number): number {
  switch (requested) {
    case 2:
    case 5:
    case 10:
    case 14:
      return ON;
    case 4:
      return SLEEP;
    case 7:
      return HIBERNATE;
    case 8:
    case 12:
      return OFF;
    default:
      return current;
  }
}

/** A boot consumes the one-shot options set with SetBootConfigRole(IsNextSingleUse). */
function recordBoot(state: DeviceState, via: number, now: number): void {
  state.bootCount += 1;
  const useNext = state.bootRole === 1;
  state.lastBoot = {
    at: now,
    via,
    source: useNext ? state.bootSource : null,
    biosSetup: useNext && state.bootSettings.BIOSSetup === true,
    useSol: useNext && state.bootSettings.UseSOL === true,
    useIder: useNext && state.bootSettings.UseIDER === true,
  };
  if (useNext) {
    state.bootRole = 32768;
    state.bootSource = null;
    state.bootSettings = { ...BOOT_FLAG_DEFAULTS };
  }
}
