import { toErrorValue } from '../../shared/errors';
import { POWER_STATE_CODES, type PowerState, type ScheduleDevice } from '../../shared/schedule';
import { getPowerStatus, openAmtSession, requestPowerState, type AmtSession, type AmtSessionOptions } from '../amt';
import { Limiter } from '../wsman';
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
  let session: AmtSession | undefined;
  try {
    const cred = await opts.resolveCredential(target.credentialId);
    session = (opts.openSession ?? openAmtSession)({
      host: target.address,
      port: target.port,
      tls: target.tlsMode === 'tls',
      pin: target.tlsFingerprint,
      user: cred.loginName,
      password: cred.password,
      requestTimeoutMs: opts.requestTimeoutMs,
    });
    const already = ALREADY[state];
    if (already !== undefined) {
      const status = await getPowerStatus(session, { signal });
      if (status.powerState.code === already)
        return { deviceId: target.id, ok: true, code: 'amt.already', message: `Already ${status.powerState.label}.` };
    }
    await requestPowerState(session, POWER_STATE_CODES[state], { signal });
    return { deviceId: target.id, ok: true };
  } catch (err) {
    const { code, message } = toErrorValue(err);
    return { deviceId: target.id, ok: false, code, message };
  } finally {
    await session?.close().catch(() => undefined);
  }
}

/**
 * The scheduler's executor over real AMT devices: RequestPowerStateChange with the schedule's
 * code (on 2, off 8, reset 10, cycle 5), at most `concurrency` devices at once, one result per
 * device as each finishes. Devices already on (for "on") or off (for "off") count as done.
 */
export function amtPowerExecutor<D extends AmtTarget>(opts: AmtExecutorOptions): PowerExecutor<D> {
  return async function* (devices, state, signal) {
    const limiter = new Limiter(opts.concurrency ?? 8);
    const pending = new Map<number, Promise<[number, DeviceResult]>>();
    devices.forEach((d, i) => {
      const run = limiter
        .run(() => powerOne(d, state, signal, opts), signal)
        .catch((err: unknown) => {
          const { code, message } = toErrorValue(err);
          return { deviceId: d.id, ok: false, code, message };
        });
      pending.set(
        i,
        run.then((r): [number, DeviceResult] => [i, r]),
      );
    });
    while (pending.size > 0) {
      const [i, result] = await Promise.race(pending.values());
      pending.delete(i);
      yield result;
    }
  };
}
