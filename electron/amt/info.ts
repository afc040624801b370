/**
 * What a device says about itself: general settings, firmware versions, UUID, provisioning state
 * and control mode (wsman-amt.md §4.1, §4.2, §6).
 */
import {
  boolProp,
  expectMethodSuccess,
  intListProp,
  intProp,
  itemsOfClass,
  readInstance,
  textProp,
  type CallOptions,
  type WsmanObject,
} from '../wsman';
import type { AmtSession } from './session';
import { decodeAmtUuid } from './uuid';

/** AMT_GeneralSettings, the parts people and the app use. */
export interface GeneralSettings {
  hostName?: string;
  domainName?: string;
  digestRealm?: string;
  hostOsFqdn?: string;
  sharedFqdn?: boolean;
  networkEnabled?: boolean;
  pingResponseEnabled?: boolean;
  rmcpPingResponseEnabled?: boolean;
  wsmanOnlyMode?: boolean;
  idleWakeTimeout?: number;
  powerSource?: number;
  privacyLevel?: number;
}

/** Reads AMT_GeneralSettings properties. */
export function toGeneralSettings(o: WsmanObject): GeneralSettings {
  return {
    hostName: textProp(o, 'HostName'),
    domainName: textProp(o, 'DomainName'),
    digestRealm: textProp(o, 'DigestRealm'),
    hostOsFqdn: textProp(o, 'HostOSFQDN'),
    sharedFqdn: boolProp(o, 'SharedFQDN'),
    networkEnabled: boolProp(o, 'AMTNetworkEnabled'),
    pingResponseEnabled: boolProp(o, 'PingResponseEnabled'),
    rmcpPingResponseEnabled: boolProp(o, 'RmcpPingResponseEnabled'),
    wsmanOnlyMode: boolProp(o, 'WsmanOnlyMode'),
    idleWakeTimeout: intProp(o, 'IdleWakeTimeout'),
    powerSource: intProp(o, 'PowerSource'),
    privacyLevel: intProp(o, 'PrivacyLevel'),
  };
}

/** Gets AMT_GeneralSettings. */
export async function getGeneralSettings(s: AmtSession, opts?: CallOptions): Promise<GeneralSettings> {
  return toGeneralSettings(readInstance(await s.wsman.send(s.amt.GeneralSettings.Get(), opts), 'AMT_GeneralSettings'));
}

/** Firmware versions from CIM_SoftwareIdentity, by InstanceID. */
export interface FirmwareVersions {
  /** The AMT version (InstanceID `AMT`), e.g. "16.1.25". */
  amtVersion?: string;
  buildNumber?: string;
  sku?: string;
  flash?: string;
  coreVersion?: string;
  recoveryVersion?: string;
  /** Every InstanceID with its VersionString. */
  all: Record<string, string>;
}

/** Reads CIM_SoftwareIdentity instances. */
export function toFirmwareVersions(items: WsmanObject[]): FirmwareVersions {
  const all: Record<string, string> = {};
  for (const item of items) {
    const id = textProp(item, 'InstanceID');
    const version = textProp(item, 'VersionString');
    if (id !== undefined && version !== undefined) all[id] = version;
  }
  return {
    amtVersion: all['AMT'],
    buildNumber: all['Build Number'],
    sku: all['Sku'],
    flash: all['Flash'],
    coreVersion: all['AMT FW Core Version'],
    recoveryVersion: all['Recovery Version'],
    all,
  };
}

/** Enumerates CIM_SoftwareIdentity. */
export async function getFirmwareVersions(s: AmtSession, opts?: CallOptions): Promise<FirmwareVersions> {
  const items = await s.wsman.enumerate(
    s.cim.SoftwareIdentity.Enumerate(),
    (ctx) => s.cim.SoftwareIdentity.Pull(ctx),
    opts,
  );
  return toFirmwareVersions(itemsOfClass(items, 'CIM_SoftwareIdentity'));
}

/** Calls AMT_SetupAndConfigurationService.GetUuid and returns the canonical UUID text. */
export async function getUuid(s: AmtSession, opts?: CallOptions): Promise<string> {
  const resp = await s.wsman.send(s.amt.SetupAndConfigurationService.GetUuid(), opts);
  const { output } = expectMethodSuccess(resp, 'AMT_SetupAndConfigurationService', 'GetUuid');
  return decodeAmtUuid(textProp(output, 'UUID') ?? '');
}

/** Provisioning state as the app names it. */
export type ProvisioningState = 'pre' | 'in' | 'post';
/** Control mode as the app names it. */
export type ControlMode = 'none' | 'client' | 'admin';

const PROVISIONING_STATES: Record<number, ProvisioningState> = { 0: 'pre', 1: 'in', 2: 'post' };
const CONTROL_MODES: Record<number, ControlMode> = { 0: 'none', 1: 'client', 2: 'admin' };

/** AMT_SetupAndConfigurationService, the parts that matter. */
export interface SetupAndConfiguration {
  provisioningState?: ProvisioningState;
  /** 1 admin control mode (historically "enterprise"), 4 client control mode. */
  provisioningMode?: number;
  zeroTouchEnabled?: boolean;
  passwordModel?: number;
  dhcpDnsSuffix?: string;
  trustedDnsSuffix?: string;
  configurationServerFqdn?: string;
}

/** Reads AMT_SetupAndConfigurationService properties. */
export function toSetupAndConfiguration(o: WsmanObject): SetupAndConfiguration {
  const state = intProp(o, 'ProvisioningState');
  return {
    provisioningState: state === undefined ? undefined : PROVISIONING_STATES[state],
    provisioningMode: intProp(o, 'ProvisioningMode'),
    zeroTouchEnabled: boolProp(o, 'ZeroTouchConfigurationEnabled'),
    passwordModel: intProp(o, 'PasswordModel'),
    dhcpDnsSuffix: textProp(o, 'DhcpDNSSuffix'),
    trustedDnsSuffix: textProp(o, 'TrustedDNSSuffix'),
    configurationServerFqdn: textProp(o, 'ConfigurationServerFQDN'),
  };
}

/** Gets AMT_SetupAndConfigurationService. */
export async function getSetupAndConfiguration(s: AmtSession, opts?: CallOptions): Promise<SetupAndConfiguration> {
  const resp = await s.wsman.send(s.amt.SetupAndConfigurationService.Get(), opts);
  return toSetupAndConfiguration(readInstance(resp, 'AMT_SetupAndConfigurationService'));
}

/** IPS_HostBasedSetupService, the parts that matter. */
export interface HostBasedSetup {
  currentControlMode?: ControlMode;
  allowedControlModes: ControlMode[];
  certChainStatus?: number;
  configurationNonce?: string;
}

/** Reads IPS_HostBasedSetupService properties. */
export function toHostBasedSetup(o: WsmanObject): HostBasedSetup {
  const mode = intProp(o, 'CurrentControlMode');
  return {
    currentControlMode: mode === undefined ? undefined : CONTROL_MODES[mode],
    allowedControlModes: intListProp(o, 'AllowedControlModes').map((m) => CONTROL_MODES[m] ?? 'none'),
    certChainStatus: intProp(o, 'CertChainStatus'),
    configurationNonce: textProp(o, 'ConfigurationNonce'),
  };
}

/** Gets IPS_HostBasedSetupService (AMT 6.2+). */
export async function getHostBasedSetup(s: AmtSession, opts?: CallOptions): Promise<HostBasedSetup> {
  const resp = await s.wsman.send(s.ips.HostBasedSetupService.Get(), opts);
  return toHostBasedSetup(readInstance(resp, 'IPS_HostBasedSetupService'));
}

/** The control mode from the setup service alone, for firmware without IPS_HostBasedSetupService. */
export function controlModeFromSetup(setup: SetupAndConfiguration): ControlMode {
  if (setup.provisioningState !== 'post') return 'none';
  return setup.provisioningMode === 4 ? 'client' : 'admin';
}

/** Provisioning state and control mode together. */
export async function getProvisioning(
  s: AmtSession,
  opts?: CallOptions,
): Promise<{ provisioningState?: ProvisioningState; controlMode: ControlMode; setup: SetupAndConfiguration }> {
  const setup = await getSetupAndConfiguration(s, opts);
  let controlMode = controlModeFromSetup(setup);
  try {
    controlMode = (await getHostBasedSetup(s, opts)).currentControlMode ?? controlMode;
  } catch (err) {
    // Firmware before 6.2 has no host-based setup service; the setup service's mode stands.
    if ((err as { code?: string }).code !== 'wsman.destination-unreachable') throw err;
  }
  return { provisioningState: setup.provisioningState, controlMode, setup };
}
