// Custom methods (WS-Man Invoke). Outputs are listed in declaration order, ReturnValue last.
import { EXTENDED } from './audit-log';
import { BOOT_SOURCES, refreshOptIn } from './classes-control';
import type { HttpFault } from './faults';
import { audit, recordPowerChange, type Requester } from './history';
import { LOG_METHODS } from './methods-logs';
import { PROVISIONING_METHODS } from './methods-provisioning';
import { requestPowerState } from './power';
import { childOf, textOf, type XmlNode } from './request';
import { smbiosUuidBytes, type DeviceState } from './state';
import type { PropValue } from './xml-writer';

/** What a method needs from its device. */
export interface MethodContext {
  readonly state: DeviceState;
  readonly now: number;
  readonly powerTransitionMs: number;
  /** Who sent the request, for the audit log. */
  readonly requester: Requester;
}

export type MethodOutput = ReadonlyArray<readonly [string, PropValue]>;
/** Outputs (and what to do once the reply is on the wire), or a fault. */
export type MethodResult =
  { readonly outputs: MethodOutput; readonly after?: () => void } | { readonly fault: HttpFault };
/** One Class.Method; `input` is the <Method>_INPUT element, or null when the body has none. */
export type MethodHandler = (ctx: MethodContext, input: XmlNode | null) => MethodResult;

const rv = (value: number): MethodResult => ({ outputs: [['ReturnValue', value]] });

/** Whether boot changes need user consent now: always in CCM, in ACM only with policy "all". */
export function consentMissing(s: DeviceState, now: number): boolean {
  refreshOptIn(s, now);
  const policyDemands = s.controlMode === 1 || s.optIn.required === 4294967295;
  return policyDemands && s.optIn.state !== 3 && s.optIn.state !== 4;
}

/** InstanceID selector inside an EPR-valued parameter (e.g. ChangeBootOrder Source). */
function eprInstanceId(param: XmlNode | XmlNode[] | undefined): string | null {
  const node = Array.isArray(param) ? param[0] : param;
  const set = childOf(childOf(node, 'ReferenceParameters'), 'SelectorSet');
  const raw = childOf(Array.isArray(set) ? set[0] : set, 'Selector');
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  for (const sel of list) {
    if (typeof sel !== 'string' && sel['@_Name'] === 'InstanceID') return textOf(sel);
  }
  return null;
}

function intParam(input: XmlNode | null, name: string): number | null {
  const text = textOf(childOf(input ?? undefined, name)).trim();
  return /^\d+$/.test(text) ? Number(text) : null;
}

const requestPowerStateChange: MethodHandler = (ctx, input) => {
  const wanted = intParam(input, 'PowerState');
  if (wanted === null) return rv(5);
  const boots = ctx.state.bootCount;
  const result = requestPowerState(ctx.state, wanted, ctx.now, ctx.powerTransitionMs);
  if (result === 0) recordPowerChange(ctx.state, wanted, ctx.state.bootCount !== boots, ctx.requester, ctx.now);
  return rv(result);
};

const getUuid: MethodHandler = (ctx) => ({
  outputs: [
    ['UUID', smbiosUuidBytes(ctx.state.uuid).toString('base64')],
    ['ReturnValue', 0],
  ],
});

const setBootConfigRole: MethodHandler = (ctx, input) => {
  const role = intParam(input, 'Role');
  if (role !== 1 && role !== 32768) return rv(5);
  if (role === 1 && consentMissing(ctx.state, ctx.now)) return rv(6);
  ctx.state.bootRole = role;
  return rv(0);
};

const changeBootOrder: MethodHandler = (ctx, input) => {
  const source = childOf(input ?? undefined, 'Source');
  if (source === undefined) {
    ctx.state.bootSource = null;
    return rv(0);
  }
  const id = eprInstanceId(source);
  if (id === null || !BOOT_SOURCES.some(([known]) => known === id)) return rv(4);
  if (consentMissing(ctx.state, ctx.now)) return rv(6);
  ctx.state.bootSource = id;
  return rv(0);
};

const startOptIn: MethodHandler = (ctx) => {
  const o = ctx.state.optIn;
  refreshOptIn(ctx.state, ctx.now);
  if (o.state !== 0) return rv(2);
  // The code is shown on the host's screen; tests read it from device state.
  o.code = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
  o.state = 2;
  o.displayedAt = ctx.now;
  return rv(0);
};

const sendOptInCode: MethodHandler = (ctx, input) => {
  const o = ctx.state.optIn;
  refreshOptIn(ctx.state, ctx.now);
  const code = textOf(childOf(input ?? undefined, 'OptInCode')).trim();
  if (o.state !== 2 || o.code === null || code.padStart(6, '0') !== o.code) return rv(2);
  o.state = 3;
  o.code = null;
  audit(ctx.state, 'consentCodeSent', ctx.requester, ctx.now, EXTENDED.consent(0));
  return rv(0);
};

const cancelOptIn: MethodHandler = (ctx) => {
  const o = ctx.state.optIn;
  if (o.state === 0) return rv(2);
  o.state = 0;
  o.code = null;
  return rv(0);
};

const redirectionStateChange: MethodHandler = (ctx, input) => {
  const wanted = intParam(input, 'RequestedState');
  if (wanted === null || wanted < 32768 || wanted > 32771) return rv(36);
  ctx.state.redirectionState = wanted;
  return rv(0);
};

const METHODS: Readonly<Record<string, MethodHandler>> = {
  'CIM_PowerManagementService.RequestPowerStateChange': requestPowerStateChange,
  'AMT_SetupAndConfigurationService.GetUuid': getUuid,
  'CIM_BootService.SetBootConfigRole': setBootConfigRole,
  'CIM_BootConfigSetting.ChangeBootOrder': changeBootOrder,
  'IPS_OptInService.StartOptIn': startOptIn,
  'IPS_OptInService.SendOptInCode': sendOptInCode,
  'IPS_OptInService.CancelOptIn': cancelOptIn,
  'AMT_RedirectionService.RequestStateChange': redirectionStateChange,
  ...PROVISIONING_METHODS,
  ...LOG_METHODS,
};

/** Finds the handler of Class.Method, or undefined when the firmware has no such method. */
export function findMethod(className: string, method: string): MethodHandler | undefined {
  const key = `${className}.${method}`;
  return Object.prototype.hasOwnProperty.call(METHODS, key) ? METHODS[key] : undefined;
}
