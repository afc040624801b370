/**
 * User consent (IPS_OptInService, wsman-amt.md §3.5): in client control mode every boot change
 * needs the 6-digit code the device shows on its own screen; in admin control mode only when the
 * policy (OptInRequired) asks for it.
 */
import { OutbandError } from '../../shared/errors';
import { expectMethodSuccess, intProp, readInstance, type CallOptions, type WsmanObject } from '../wsman';
import type { ControlMode } from './info';
import type { AmtSession } from './session';

/** OptInRequired: none, KVM only, or everything. */
export type OptInPolicy = 'none' | 'kvm' | 'all' | 'unknown';
/** OptInState as named by the SDK. */
export type OptInState = 'not-started' | 'requested' | 'displayed' | 'received' | 'in-session' | 'unknown';

/** IPS_OptInService, the parts that matter. */
export interface OptInStatus {
  required: OptInPolicy;
  state: OptInState;
  codeTimeoutSeconds?: number;
  displayTimeoutSeconds?: number;
}

const STATES: OptInState[] = ['not-started', 'requested', 'displayed', 'received', 'in-session'];

/** Reads IPS_OptInService properties. */
export function toOptInStatus(o: WsmanObject): OptInStatus {
  const required = intProp(o, 'OptInRequired');
  const state = intProp(o, 'OptInState');
  return {
    required: required === 0 ? 'none' : required === 1 ? 'kvm' : required === 4294967295 ? 'all' : 'unknown',
    state: state === undefined ? 'unknown' : (STATES[state] ?? 'unknown'),
    codeTimeoutSeconds: intProp(o, 'OptInCodeTimeout'),
    displayTimeoutSeconds: intProp(o, 'OptInDisplayTimeout'),
  };
}

/** Gets IPS_OptInService. */
export async function getOptInStatus(s: AmtSession, opts?: CallOptions): Promise<OptInStatus> {
  return toOptInStatus(readInstance(await s.wsman.send(s.ips.OptInService.Get(), opts), 'IPS_OptInService'));
}

/** True when a boot change needs consent under this control mode and policy. */
export function bootNeedsConsent(mode: ControlMode, status: OptInStatus): boolean {
  if (status.state === 'received' || status.state === 'in-session') return false;
  return mode === 'client' || status.required === 'all';
}

/** Asks the device to show a consent code on its screen. */
export async function startOptIn(s: AmtSession, opts?: CallOptions): Promise<void> {
  expectMethodSuccess(await s.wsman.send(s.ips.OptInService.StartOptIn(), opts), 'IPS_OptInService', 'StartOptIn');
}

/** Sends the code a person read on the device's screen. */
export async function sendOptInCode(s: AmtSession, code: string, opts?: CallOptions): Promise<void> {
  if (!/^\d{6}$/.test(code.trim())) throw new OutbandError('amt.consent-code-invalid', 'The consent code is 6 digits.');
  const resp = await s.wsman.send(s.ips.OptInService.SendOptInCode(Number(code.trim())), opts);
  expectMethodSuccess(resp, 'IPS_OptInService', 'SendOptInCode');
}

/** Withdraws a consent request or ends a consent session. */
export async function cancelOptIn(s: AmtSession, opts?: CallOptions): Promise<void> {
  expectMethodSuccess(await s.wsman.send(s.ips.OptInService.CancelOptIn(), opts), 'IPS_OptInService', 'CancelOptIn');
}

/** Supplies the consent code once the device shows it (a prompt in the UI or CLI). */
export type ConsentCodeProvider = (host: string, signal?: AbortSignal) => Promise<string>;

/**
 * Makes sure consent is in place for a boot change: starts opt-in and sends the code from the
 * provider, or fails with `amt.user-consent-required` when consent is needed and no provider is given.
 */
export async function ensureConsent(
  s: AmtSession,
  mode: ControlMode,
  provider: ConsentCodeProvider | undefined,
  opts?: CallOptions,
): Promise<void> {
  const status = await getOptInStatus(s, opts);
  if (!bootNeedsConsent(mode, status)) return;
  if (!provider) {
    throw new OutbandError(
      'amt.user-consent-required',
      `${s.host} needs user consent for boot changes (${mode} control mode): a person must read the code on its screen.`,
    );
  }
  if (status.state === 'not-started') await startOptIn(s, opts);
  await sendOptInCode(s, await provider(s.host, opts?.signal), opts);
}
