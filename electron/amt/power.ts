/**
 * Power state and power actions (wsman-amt.md §3.1–3.3): the current state and what can be
 * requested from it come from CIM_AssociatedPowerManagementService; a change is
 * CIM_PowerManagementService.RequestPowerStateChange.
 */
import type { CIM } from '@device-management-toolkit/wsman-messages';
import { OutbandError } from '../../shared/errors';
import {
  buildGet,
  expectMethodSuccess,
  intListProp,
  intProp,
  readInstance,
  type CallOptions,
  type WsmanObject,
} from '../wsman';
import { powerStateInfo, type PowerStateInfo } from './power-states';
import type { AmtSession } from './session';

/** The current power state and the states that can be requested from it. */
export interface PowerStatus {
  powerState: PowerStateInfo;
  available: PowerStateInfo[];
}

type CimPowerState = Parameters<CIM.Messages['PowerManagementService']['RequestPowerStateChange']>[0];

/** Reads CIM_AssociatedPowerManagementService properties. */
export function toPowerStatus(o: WsmanObject): PowerStatus {
  const code = intProp(o, 'PowerState');
  if (code === undefined)
    throw new OutbandError('amt.power-state-missing', 'The device did not report its power state.');
  return {
    powerState: powerStateInfo(code),
    available: intListProp(o, 'AvailableRequestedPowerStates').map(powerStateInfo),
  };
}

/** Gets the power state (the library has no builder for this association class, so it is hand-built). */
export async function getPowerStatus(s: AmtSession, opts?: CallOptions): Promise<PowerStatus> {
  const resp = await s.wsman.send(buildGet('CIM_AssociatedPowerManagementService'), opts);
  return toPowerStatus(readInstance(resp, 'CIM_AssociatedPowerManagementService'));
}

/** Options of a power change. */
export interface PowerChangeOptions extends CallOptions {
  /** Check AvailableRequestedPowerStates first and refuse early (default true). */
  checkAvailable?: boolean;
}

/** Sends RequestPowerStateChange without any check; throws the typed error of a non-zero ReturnValue. */
export async function sendPowerStateChange(s: AmtSession, code: number, opts?: CallOptions): Promise<void> {
  const envelope = s.cim.PowerManagementService.RequestPowerStateChange(code as CimPowerState);
  expectMethodSuccess(await s.wsman.send(envelope, opts), 'CIM_PowerManagementService', 'RequestPowerStateChange');
}

/**
 * Requests a power state. By default the state must be listed as available from the current one,
 * so a refused action fails with a clear `amt.power-state-unavailable` before anything is sent.
 */
export async function requestPowerState(
  s: AmtSession,
  code: number,
  opts: PowerChangeOptions = {},
): Promise<PowerStatus | undefined> {
  const wanted = powerStateInfo(code);
  if (!wanted.requestable) {
    throw new OutbandError('amt.power-state-invalid', `${wanted.label} (${code}) cannot be requested.`, { code });
  }
  let before: PowerStatus | undefined;
  if (opts.checkAvailable !== false) {
    before = await getPowerStatus(s, opts);
    const listed = before.available.some((a) => a.code === code);
    if (!listed && before.available.length > 0) {
      const names = before.available.map((a) => a.label).join(', ');
      throw new OutbandError(
        'amt.power-state-unavailable',
        `${wanted.label} is not available while the device is ${before.powerState.label}; available: ${names}.`,
        { code, current: before.powerState.code, available: before.available.map((a) => a.code) },
      );
    }
  }
  await sendPowerStateChange(s, code, opts);
  return before;
}
