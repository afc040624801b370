/**
 * One-time boot to BIOS setup or to PXE, in the order of wsman-amt.md §3.4: consent where the
 * control mode needs it, clear the boot source, Put AMT_BootSettingData with only the wanted flag,
 * SetBootConfigRole(IsNextSingleUse), the PXE source when wanted, then power on or reset.
 */
import { OutbandError } from '../../shared/errors';
import {
  boolProp,
  escapeForLibrary,
  expectMethodSuccess,
  readInstance,
  textPropertiesOf,
  type CallOptions,
  type WsmanObject,
} from '../wsman';
import { bootNeedsConsent, ensureConsent, getOptInStatus, type ConsentCodeProvider } from './consent';
import { getProvisioning } from './info';
import { getPowerStatus, sendPowerStateChange } from './power';
import { isHostOn } from './power-states';
import type { AmtSession } from './session';

/** Where the next boot goes. */
export type BootTarget = 'bios' | 'pxe';

/** Options of a boot action. */
export interface BootOptions extends CallOptions {
  /** Supplies the user-consent code when the device needs one (client control mode). */
  consent?: ConsentCodeProvider;
}

const BOOT_CONFIG = 'Intel(r) AMT: Boot Configuration 0';
const PXE_SOURCE = 'Intel(r) AMT: Force PXE Boot';
/** Read-only or version-specific properties that a Put must not send back (as MeshCommander does). */
const READ_ONLY = new Set([
  'WinREBootEnabled',
  'UEFILocalPBABootEnabled',
  'UEFIHTTPSBootEnabled',
  'SecureBootControlEnabled',
  'BootguardStatus',
  'OptionsCleared',
  'BIOSLastStatus',
  'UefiBootParametersArray',
  'UefiBootNumberOfParams',
  'RPEEnabled',
]);

/** The AMT_BootSettingData to Put: read-only fields dropped, every flag off but the wanted one. */
export function bootSettingsFor(current: WsmanObject, target: BootTarget): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(textPropertiesOf(current))) {
    if (READ_ONLY.has(key) || Array.isArray(value)) continue;
    out[key] = value === 'true' ? 'false' : value;
  }
  out.BIOSSetup = target === 'bios' ? 'true' : 'false';
  out.BIOSPause = 'false';
  out.UseIDER = 'false';
  out.UseSOL = 'false';
  out.BootMediaIndex = '0';
  return out;
}

async function checkCapability(s: AmtSession, target: BootTarget, opts?: CallOptions): Promise<void> {
  const caps = readInstance(await s.wsman.send(s.amt.BootCapabilities.Get(), opts), 'AMT_BootCapabilities');
  const flag = target === 'bios' ? 'BIOSSetup' : 'ForcePXEBoot';
  if (boolProp(caps, flag) === false) {
    throw new OutbandError(
      'amt.boot-unsupported',
      `${s.host} does not support ${target === 'bios' ? 'booting to BIOS setup' : 'PXE boot'}.`,
    );
  }
}

async function changeBootOrder(
  s: AmtSession,
  source: typeof PXE_SOURCE | undefined,
  opts?: CallOptions,
): Promise<void> {
  const resp = await s.wsman.send(s.cim.BootConfigSetting.ChangeBootOrder(source), opts);
  expectMethodSuccess(resp, 'CIM_BootConfigSetting', 'ChangeBootOrder');
}

/** Boots the device once into BIOS setup or PXE; returns the power state code that was sent. */
export async function bootTo(s: AmtSession, target: BootTarget, opts: BootOptions = {}): Promise<number> {
  const { controlMode } = await getProvisioning(s, opts);
  let power = await getPowerStatus(s, opts);
  if (bootNeedsConsent(controlMode, await getOptInStatus(s, opts))) {
    if (opts.consent && !isHostOn(power.powerState.code)) {
      // The consent code appears on the device's own screen, so the host must be running.
      await sendPowerStateChange(s, 2, opts);
      power = await getPowerStatus(s, opts);
    }
    await ensureConsent(s, controlMode, opts.consent, opts);
  }
  await checkCapability(s, target, opts);
  const current = readInstance(await s.wsman.send(s.amt.BootSettingData.Get(), opts), 'AMT_BootSettingData');
  await changeBootOrder(s, undefined, opts);
  const settings = escapeForLibrary(bootSettingsFor(current, target));
  const putResp = await s.wsman.send(
    s.amt.BootSettingData.Put(settings as unknown as Parameters<typeof s.amt.BootSettingData.Put>[0]),
    opts,
  );
  readInstance(putResp, 'AMT_BootSettingData');
  const roleResp = await s.wsman.send(s.cim.BootService.SetBootConfigRole(BOOT_CONFIG, 1), opts);
  expectMethodSuccess(roleResp, 'CIM_BootService', 'SetBootConfigRole');
  if (target === 'pxe') await changeBootOrder(s, PXE_SOURCE, opts);
  const available = power.available.map((a) => a.code);
  let code = isHostOn(power.powerState.code) ? 10 : 2;
  if (!available.includes(code) && available.includes(5)) code = 5;
  await sendPowerStateChange(s, code, opts);
  return code;
}
