import { toErrorValue } from '../../shared/errors';
import { POWER_STATE_CODES, type PowerState, type ScheduleDevice } from '../../shared/schedule';
import { getPowerStatus, requestPowerState, type AmtSession, type AmtSessionOptions } from '../amt';
import { withDeviceSession } from '../power/device-session';
import { runLimited } from '../power/run-limited';
import type { DeviceResult, PowerExecutor } from './run-due';

/** The part of a domain Device needed to reach it. */
export interface AmtTarget extends ScheduleDevice {
  address: string;
  tlsMode: 'tls' | 'plain';
  port?: number;
  tlsFingerprint?: string;
  credentialId?: string;
}

export interface AmtExecutorOptions {
  /** Login name and password for a vault credential id (main process only; never logged). */
  resolveCredential: (credentialId: string) => Promise<{ loginName: string; password: string }>;
  /** Devices worked on at once (default 8). */
  concurrency?: number;
  requestTimeoutMs?: number;
  /** Replaces session creation (tests). */
  openSession?: (opts: AmtSessionOptions) => AmtSession;
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
