import { toErrorValue } from '../../shared/errors';
import { POWER_STATE_CODES, type PowerState, type ScheduleDevice } from '../../shared/schedule';
import { getPowerStatus, requestPowerState } from '../amt';
import { withDeviceSession, type DeviceSessionDeps, type ReachableDevice } from '../power/device-session';
import { runLimited } from '../power/run-limited';
import type { DeviceResult, PowerExecutor } from './run-due';

/** A device a schedule powers: the one ReachableDevice shape of power/, placed in a folder. */
export type AmtTarget = ReachableDevice & ScheduleDevice;

/**
 * The executor's options: the same DeviceSessionDeps as interactive power (so an unattended run
 * pins on first use and honours the zone's plain-HTTP policy), plus how many devices at once.
 */
export interface AmtExecutorOptions extends DeviceSessionDeps {
  /** Devices worked on at once (default 8). */
  concurrency?: number;
}

// A schedule asks for an end state; a device already there has nothing to do and is not a failure.
const ALREADY: Partial<Record<PowerState, number>> = { on: 2, off: 8 };

async function powerOne(
  target: AmtTarget,
  state: PowerState,
  signal: AbortSignal,
  opts: AmtExecutorOptions,
): Promise<DeviceResult> {
  if (!target.credentialId) {
    return {
      deviceId: target.id,
      ok: false,
      code: 'schedule.no-credential',
      message: 'The device has no credential from the vault.',
    };
  }
  try {
    return await withDeviceSession(target, opts, async (session): Promise<DeviceResult> => {
      const already = ALREADY[state];
      if (already !== undefined) {
        const status = await getPowerStatus(session, { signal });
        if (status.powerState.code === already)
          return { deviceId: target.id, ok: true, code: 'amt.already', message: `Already ${status.powerState.label}.` };
      }
      await requestPowerState(session, POWER_STATE_CODES[state], { signal });
      return { deviceId: target.id, ok: true };
    });
  } catch (err) {
    const { code, message } = toErrorValue(err);
    return { deviceId: target.id, ok: false, code, message };
  }
}

/**
 * The scheduler's executor over real AMT devices: RequestPowerStateChange with the schedule's
 * code (on 2, off 8, reset 10, cycle 5), at most `concurrency` devices at once, one result per
 * device as each finishes. Devices already on (for "on") or off (for "off") count as done.
 */
export function amtPowerExecutor<D extends AmtTarget>(opts: AmtExecutorOptions): PowerExecutor<D> {
  return async function* (devices, state, signal) {
    const work = (d: D) => powerOne(d, state, signal, opts);
    for await (const { item, value, error } of runLimited(devices, opts.concurrency ?? 8, work, signal)) {
      yield value ?? { deviceId: item.id, ok: false, code: error?.code, message: error?.message };
    }
  };
}
