// Power, boot, user-consent and redirection classes (spec wsman-amt.md §3).
import { resourceUriOf } from './namespaces';
import { availablePowerStates, supportedPowerStates } from './power';
import { BOOT_READ_ONLY, majorVersion, type DeviceState } from './state';
import { MANAGED_SYSTEM, serviceKeys } from './classes-platform';
import { epr, type PropValue } from './xml-writer';
import { INVALID_REPRESENTATION, type HttpFault } from './faults';
import { childrenOf, textOf, type WsmanRequest } from './request';

type Props = Record<string, PropValue>;

const POWER_SERVICE = 'Intel(r) AMT Power Management Service';

/** CIM_AssociatedPowerManagementService: current PowerState and what may be requested now. */
export function associatedPower(s: DeviceState): Props[] {
  return [
    {
      AvailableRequestedPowerStates: availablePowerStates(s),
      PowerState: s.powerState,
      ServiceProvided: epr(
        resourceUriOf('CIM_PowerManagementService'),
        serviceKeys('CIM_PowerManagementService', POWER_SERVICE),
      ),
      UserOfService: MANAGED_SYSTEM,
    },
  ];
}

/** A CIM service singleton with the usual naming properties. */
function service(className: string, name: string, extra: Props): Props {
  return {
    CreationClassName: className,
    ElementName: name,
    Name: name,
    SystemCreationClassName: 'CIM_ComputerSystem',
    SystemName: 'Intel(r) AMT',
    ...extra,
  };
}

/** CIM_PowerManagementService singleton. */
export function powerService(): Props[] {
  return [service('CIM_PowerManagementService', POWER_SERVICE, { EnabledState: 5, RequestedState: 12 })];
}

/**
 * CIM_PowerManagementCapabilities singleton (go-wsman-messages capture): the states the power
 * table offers from some state, and the change capabilities (8, graceful shutdown, from AMT 9).
 */
export function powerCapabilities(s: DeviceState): Props[] {
  const states = supportedPowerStates(s);
  return [
    {
      ElementName: 'Power Management Capabilities',
      InstanceID: 'Intel(r) AMT:PowerManagementCapabilities 0',
      OtherPowerChangeCapabilities: '',
      PowerChangeCapabilities: majorVersion(s) >= 9 ? [2, 3, 4, 7, 8] : [2, 3, 4, 7],
      PowerStatesSupported: states,
      RequestedPowerStatesSupported: states,
    },
  ];
}

/**
 * IPS_PowerManagementService singleton, named as firmware names it. OSPowerSavingState (AMT 10+)
 * is 2, full power, while the host is on, and absent otherwise (mps #2278: not returned when off).
 */
export function ipsPowerService(s: DeviceState): Props[] {
  const extra: Props = { EnabledState: 5, RequestedState: 12 };
  if (majorVersion(s) >= 10 && s.powerState === 2) extra.OSPowerSavingState = 2;
  return [service('IPS_PowerManagementService', POWER_SERVICE, extra)];
}

/** CIM_BootService singleton. */
export function bootService(): Props[] {
  return [
    service('CIM_BootService', 'Intel(r) AMT Boot Service', {
      ElementName: 'Intel(r) AMT Boot Service',
      EnabledState: 32769,
      OperationalStatus: 0,
      RequestedState: 12,
    }),
  ];
}

/** AMT_BootSettingData: writable one-shot flags plus read-only status fields. */
export function bootSettingData(s: DeviceState): Props[] {
  return [
    {
      ...BOOT_READ_ONLY,
      ...s.bootSettings,
      ElementName: 'Intel(r) AMT Boot Configuration Settings',
      InstanceID: 'Intel(r) AMT:BootSettingData 0',
      OwningEntity: 'Intel(r) AMT',
    },
  ];
}

/** AMT_BootCapabilities singleton (values of the captured AMT 12 unit). */
export function bootCapabilities(): Props[] {
  return [
    {
      BIOSPause: false,
      BIOSReflash: true,
      BIOSSecureBoot: true,
      BIOSSetup: true,
      ConfigurationDataReset: false,
      ElementName: 'Intel(r) AMT: Boot Capabilities',
      ForceCDorDVDBoot: true,
      ForceDiagnosticBoot: false,
      ForceHardDriveBoot: true,
      ForceHardDriveSafeModeBoot: false,
      ForcePXEBoot: true,
      ForcedProgressEvents: true,
      IDER: true,
      InstanceID: 'Intel(r) AMT:BootCapabilities 0',
      KeyboardLock: true,
      PowerButtonLock: false,
      ResetButtonLock: false,
      SOL: true,
      SecureErase: false,
      SleepButtonLock: false,
      UserPasswordBypass: true,
      VerbosityQuiet: false,
      VerbosityScreenBlank: false,
      VerbosityVerbose: false,
    },
  ];
}

/** CIM_BootConfigSetting: the one boot configuration AMT exposes. */
export function bootConfigSetting(): Props[] {
  return [{ ElementName: 'Intel(r) AMT: Boot Configuration', InstanceID: 'Intel(r) AMT: Boot Configuration 0' }];
}

/** The boot sources ChangeBootOrder accepts, with their structured boot strings. */
export const BOOT_SOURCES: ReadonlyArray<readonly [string, string]> = [
  ['Intel(r) AMT: Force Hard-drive Boot', 'CIM:Hard-Disk:1'],
  ['Intel(r) AMT: Force PXE Boot', 'CIM:Network:1'],
  ['Intel(r) AMT: Force CD/DVD Boot', 'CIM:CD/DVD:1'],
];

/** CIM_BootSourceSetting instances. */
export function bootSources(): Props[] {
  return BOOT_SOURCES.map(([id, structured]) => ({
    ElementName: 'Intel(r) AMT: Boot Source',
    FailThroughSupported: 2,
    InstanceID: id,
    StructuredBootString: structured,
  }));
}

/** Expires a displayed consent code once its timeout has passed, as firmware does. */
export function refreshOptIn(s: DeviceState, now: number): void {
  const o = s.optIn;
  if ((o.state === 1 || o.state === 2) && now - o.displayedAt > o.codeTimeoutS * 1000) {
    o.state = 0;
    o.code = null;
  }
}

/** IPS_OptInService singleton. */
export function optInService(s: DeviceState): Props[] {
  refreshOptIn(s, Date.now());
  return [
    service('IPS_OptInService', 'Intel(r) AMT OptIn Service', {
      CanModifyOptInPolicy: 1,
      OptInCodeTimeout: s.optIn.codeTimeoutS,
      OptInDisplayTimeout: s.optIn.displayTimeoutS,
      OptInRequired: s.optIn.required,
      OptInState: s.optIn.state,
    }),
  ];
}

/** AMT_RedirectionService singleton (EnabledState 32768..32771), as the captured Get shows it. */
export function redirectionService(s: DeviceState): Props[] {
  return [
    service('AMT_RedirectionService', 'Intel(r) AMT Redirection Service', {
      EnabledState: s.redirectionState,
      ListenerEnabled: s.redirectionListener,
    }),
  ];
}

/**
 * Put of AMT_RedirectionService: only ListenerEnabled is writable; the naming and state fields
 * clients send back are ignored (EnabledState changes through RequestStateChange). A body of
 * another class, or a ListenerEnabled that is not a boolean, is an invalid representation.
 */
export function putRedirectionService(s: DeviceState, req: WsmanRequest): HttpFault | null {
  if (req.bodyRoot !== 'AMT_RedirectionService') return INVALID_REPRESENTATION;
  for (const [name, node] of childrenOf(req.bodyContent ?? undefined)) {
    if (name !== 'ListenerEnabled') continue;
    const text = textOf(node).trim();
    if (text !== 'true' && text !== 'false') return INVALID_REPRESENTATION;
    s.redirectionListener = text === 'true';
  }
  return null;
}

/** CIM_KVMRedirectionSAP singleton. */
export function kvmSap(): Props[] {
  return [
    {
      CreationClassName: 'CIM_KVMRedirectionSAP',
      ElementName: 'KVM Redirection Service Access Point',
      EnabledState: 6,
      KVMProtocol: 4,
      Name: 'KVM Redirection Service Access Point',
      RequestedState: 2,
      SystemCreationClassName: 'CIM_ComputerSystem',
      SystemName: 'ManagedSystem',
    },
  ];
}

/** AMT_TimeSynchronizationService singleton, with the properties of a firmware Get. */
export function timeSyncService(): Props[] {
  return [
    service('AMT_TimeSynchronizationService', 'Intel(r) AMT Time Synchronization Service', {
      EnabledState: 5,
      LocalTimeSyncEnabled: 0,
      RequestedState: 12,
      TimeSource: 0,
    }),
  ];
}
