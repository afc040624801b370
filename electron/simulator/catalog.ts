// Which classes the simulated firmware knows: how to list their instances, which properties key
// an instance (for EPRs and selectors), and whether the schema pulls in cim-common (prefix h/i).
import * as control from './classes-control';
import * as inventory from './classes-inventory';
import * as logs from './classes-logs';
import * as platform from './classes-platform';
import * as security from './classes-security';
import type { DeviceState } from './state';
import type { PropValue } from './xml-writer';

/** How the simulator serves one class. */
export interface ClassDef {
  /** Whether replies declare the cim-common namespace (as the captures do per class). */
  readonly usesCommon: boolean;
  /** Key properties, in EPR selector order. */
  readonly keys: readonly string[];
  /** Current instances; a singleton may be fetched without selectors. */
  readonly instances: (s: DeviceState) => Array<Record<string, PropValue>>;
  /**
   * The class the instances are of when it is a subclass of the resource's class (a Pull of
   * CIM_ServiceAvailableToElement returns CIM_AssociatedPowerManagementService items).
   */
  readonly instanceClass?: string;
}

const SERVICE_KEYS = ['CreationClassName', 'Name', 'SystemCreationClassName', 'SystemName'];

export const CATALOG: Readonly<Record<string, ClassDef>> = {
  AMT_GeneralSettings: { usesCommon: false, keys: ['InstanceID'], instances: platform.generalSettings },
  AMT_SetupAndConfigurationService: {
    usesCommon: true,
    keys: SERVICE_KEYS,
    instances: platform.setupAndConfiguration,
  },
  AMT_EthernetPortSettings: { usesCommon: false, keys: ['InstanceID'], instances: inventory.ethernetPorts },
  AMT_BootSettingData: { usesCommon: false, keys: ['InstanceID'], instances: control.bootSettingData },
  AMT_BootCapabilities: { usesCommon: false, keys: ['InstanceID'], instances: control.bootCapabilities },
  AMT_RedirectionService: { usesCommon: true, keys: SERVICE_KEYS, instances: control.redirectionService },
  AMT_TimeSynchronizationService: { usesCommon: true, keys: SERVICE_KEYS, instances: control.timeSyncService },
  CIM_SoftwareIdentity: { usesCommon: true, keys: ['InstanceID'], instances: platform.softwareIdentity },
  CIM_ComputerSystemPackage: { usesCommon: false, keys: [], instances: inventory.computerSystemPackage },
  CIM_Chassis: { usesCommon: true, keys: ['CreationClassName', 'Tag'], instances: inventory.chassis },
  CIM_Card: { usesCommon: true, keys: ['CreationClassName', 'Tag'], instances: inventory.card },
  CIM_BIOSElement: {
    usesCommon: true,
    keys: ['Name', 'SoftwareElementID', 'SoftwareElementState', 'TargetOperatingSystem', 'Version'],
    instances: inventory.biosElement,
  },
  CIM_Processor: {
    usesCommon: true,
    keys: ['CreationClassName', 'DeviceID', 'SystemCreationClassName', 'SystemName'],
    instances: inventory.processor,
  },
  CIM_PhysicalMemory: { usesCommon: true, keys: ['CreationClassName', 'Tag'], instances: inventory.physicalMemory },
  CIM_AssociatedPowerManagementService: { usesCommon: true, keys: [], instances: control.associatedPower },
  CIM_ServiceAvailableToElement: {
    usesCommon: true,
    keys: [],
    instances: control.associatedPower,
    instanceClass: 'CIM_AssociatedPowerManagementService',
  },
  CIM_PowerManagementService: { usesCommon: true, keys: SERVICE_KEYS, instances: control.powerService },
  CIM_PowerManagementCapabilities: { usesCommon: false, keys: ['InstanceID'], instances: control.powerCapabilities },
  IPS_PowerManagementService: { usesCommon: true, keys: SERVICE_KEYS, instances: control.ipsPowerService },
  AMT_MessageLog: { usesCommon: true, keys: ['CreationClassName', 'Name'], instances: logs.messageLog },
  AMT_AuditLog: { usesCommon: true, keys: ['Name'], instances: logs.auditLog },
  CIM_BootService: { usesCommon: true, keys: SERVICE_KEYS, instances: control.bootService },
  CIM_BootConfigSetting: { usesCommon: false, keys: ['InstanceID'], instances: control.bootConfigSetting },
  CIM_BootSourceSetting: { usesCommon: false, keys: ['InstanceID'], instances: control.bootSources },
  CIM_KVMRedirectionSAP: { usesCommon: true, keys: SERVICE_KEYS, instances: control.kvmSap },
  IPS_OptInService: { usesCommon: true, keys: SERVICE_KEYS, instances: control.optInService },
  IPS_HostBasedSetupService: { usesCommon: true, keys: SERVICE_KEYS, instances: platform.hostBasedSetup },
  AMT_AuthorizationService: { usesCommon: true, keys: SERVICE_KEYS, instances: security.authorizationService },
  AMT_PublicKeyManagementService: {
    usesCommon: true,
    keys: SERVICE_KEYS,
    instances: security.publicKeyManagementService,
  },
  AMT_PublicPrivateKeyPair: { usesCommon: true, keys: ['InstanceID'], instances: security.publicPrivateKeyPairs },
  AMT_PublicKeyCertificate: { usesCommon: true, keys: ['InstanceID'], instances: security.publicKeyCertificates },
  AMT_TLSCredentialContext: {
    usesCommon: false,
    keys: ['ElementInContext', 'ElementProvidingContext'],
    instances: security.tlsCredentialContexts,
  },
  AMT_TLSProtocolEndpointCollection: {
    usesCommon: false,
    keys: ['ElementName'],
    instances: security.tlsEndpointCollection,
  },
  AMT_TLSSettingData: { usesCommon: false, keys: ['InstanceID'], instances: security.tlsSettingData },
};

/** Looks a class up; undefined when the firmware does not implement it. */
export function classDef(className: string): ClassDef | undefined {
  return Object.prototype.hasOwnProperty.call(CATALOG, className) ? CATALOG[className] : undefined;
}
