// Platform inventory classes (versions, chassis, board, BIOS, CPU, memory, network),
// shaped after the captured replies in shared/fixtures/wsman/captured.
import { createHash } from 'node:crypto';
import { resourceUriOf } from './namespaces';
import { smbiosUuidBytes, type DeviceState } from './state';
import { datetime, epr, type PropValue } from './xml-writer';

type Props = Record<string, PropValue>;

const SYSTEM = ['CIM_ComputerSystem', 'Intel(r) AMT'] as const;

/** Selectors for a service hosted on the AMT system (CreationClassName, Name, System*). */
export function serviceKeys(className: string, name: string): Array<[string, string]> {
  return [
    ['CreationClassName', className],
    ['Name', name],
    ['SystemCreationClassName', SYSTEM[0]],
    ['SystemName', SYSTEM[1]],
  ];
}

/** The managed host, as association endpoints refer to it. */
export const MANAGED_SYSTEM = epr(resourceUriOf('CIM_ComputerSystem'), [
  ['CreationClassName', 'CIM_ComputerSystem'],
  ['Name', 'ManagedSystem'],
]);

/** AMT_GeneralSettings singleton. */
export function generalSettings(s: DeviceState): Props[] {
  return [
    {
      AMTNetworkEnabled: 1,
      DDNSPeriodicUpdateInterval: 1440,
      DDNSTTL: 900,
      DDNSUpdateByDHCPServerEnabled: true,
      DDNSUpdateEnabled: false,
      DHCPSyncRequiresHostname: 1,
      DHCPv6ConfigurationTimeout: 0,
      DigestRealm: s.digestRealm,
      DomainName: s.domainName,
      ElementName: 'Intel(r) AMT: General Settings',
      HostName: s.hostname,
      HostOSFQDN: `${s.hostname}.${s.domainName}`,
      IdleWakeTimeout: 65535,
      InstanceID: 'Intel(r) AMT: General Settings',
      NetworkInterfaceEnabled: true,
      PingResponseEnabled: true,
      PowerSource: 0,
      PreferredAddressFamily: 0,
      PresenceNotificationInterval: 0,
      PrivacyLevel: 0,
      RmcpPingResponseEnabled: s.rmcpPingResponse,
      SharedFQDN: true,
      ThunderboltDockEnabled: 0,
      WsmanOnlyMode: false,
    },
  ];
}

/** CIM_SoftwareIdentity: one instance per firmware component, in firmware order. */
export function softwareIdentity(s: DeviceState): Props[] {
  const v = s.amtVersion;
  const rows: Array<[string, string]> = [
    ['Flash', v],
    ['Netstack', v],
    ['AMTApps', v],
    ['AMT', v],
    ['Sku', '16392'],
    ['VendorID', '8086'],
    ['Build Number', s.build],
    ['Recovery Version', v],
    ['Recovery Build Num', s.build],
    ['Legacy Mode', 'False'],
    ['AMT FW Core Version', v],
  ];
  return rows.map(([id, value]) => ({ InstanceID: id, IsEntity: true, VersionString: value }));
}

/** AMT_SetupAndConfigurationService singleton; ProvisioningMode 1 = ACM, 4 = CCM. */
export function setupAndConfiguration(s: DeviceState): Props[] {
  return [
    {
      CreationClassName: 'AMT_SetupAndConfigurationService',
      ElementName: 'Intel(r) AMT Setup and Configuration Service',
      EnabledState: 5,
      Name: 'Intel(r) AMT Setup and Configuration Service',
      PasswordModel: 1,
      ProvisioningMode: s.controlMode === 2 ? 1 : 4,
      ProvisioningServerOTP: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      ProvisioningState: s.provisioningState,
      RequestedState: 12,
      SystemCreationClassName: SYSTEM[0],
      SystemName: SYSTEM[1],
      ZeroTouchConfigurationEnabled: true,
    },
  ];
}

/** IPS_HostBasedSetupService singleton. */
export function hostBasedSetup(s: DeviceState): Props[] {
  return [
    {
      AllowedControlModes: [2, 1],
      CertChainStatus: 0,
      // The firmware nonce is 20 bytes; derive it from the UUID so it is stable per device.
      ConfigurationNonce: createHash('sha1').update(s.uuid).digest('base64'),
      CreationClassName: 'IPS_HostBasedSetupService',
      CurrentControlMode: s.provisioningState === 2 ? s.controlMode : 0,
      ElementName: 'Intel(r) AMT Host Based Setup Service',
      Name: 'Intel(r) AMT Host Based Setup Service',
      SystemCreationClassName: SYSTEM[0],
      SystemName: SYSTEM[1],
    },
  ];
}

/** CIM_ComputerSystemPackage: PlatformGUID is the SMBIOS-order UUID in upper-case hex. */
export function computerSystemPackage(s: DeviceState): Props[] {
  return [
    {
      Antecedent: epr(resourceUriOf('CIM_Chassis'), [
        ['CreationClassName', 'CIM_Chassis'],
        ['Tag', 'CIM_Chassis'],
      ]),
      Dependent: MANAGED_SYSTEM,
      PlatformGUID: smbiosUuidBytes(s.uuid).toString('hex').toUpperCase(),
    },
  ];
}

/** CIM_Chassis singleton. */
export function chassis(s: DeviceState): Props[] {
  return [
    {
      ChassisPackageType: 0,
      CreationClassName: 'CIM_Chassis',
      ElementName: 'Managed System Chassis',
      Manufacturer: 'Outband Simulated Systems',
      Model: 'SIM-NUC-1',
      OperationalStatus: 0,
      PackageType: 3,
      SerialNumber: s.serialNumber,
      Tag: 'CIM_Chassis',
      Version: 'K47174-402',
    },
  ];
}

/** CIM_Card: the baseboard. */
export function card(s: DeviceState): Props[] {
  return [
    {
      CanBeFRUed: true,
      CreationClassName: 'CIM_Card',
      ElementName: 'Managed System Base Board',
      Manufacturer: 'Outband Simulated Systems',
      Model: 'SIMBRD',
      OperationalStatus: 0,
      PackageType: 9,
      SerialNumber: s.boardSerial,
      Tag: 'CIM_Card',
      Version: 'A00',
    },
  ];
}

/** CIM_BIOSElement singleton; ReleaseDate is a wrapped cim-common Datetime. */
export function biosElement(): Props[] {
  const version = 'SIMBIOS.0054.2024.0810.2227';
  return [
    {
      ElementName: 'Primary BIOS',
      Manufacturer: 'Outband Simulated Systems',
      Name: 'Primary BIOS',
      OperationalStatus: 0,
      PrimaryBIOS: true,
      ReleaseDate: datetime('2024-08-10T00:00:00Z'),
      SoftwareElementID: version,
      SoftwareElementState: 2,
      TargetOperatingSystem: 66,
      Version: version,
    },
  ];
}

/** CIM_Processor: one package. */
export function processor(s: DeviceState): Props[] {
  return [
    {
      CPUStatus: s.powerState === 2 ? 1 : 0,
      CreationClassName: 'CIM_Processor',
      CurrentClockSpeed: 2400,
      DeviceID: 'CPU 0',
      ElementName: 'Managed System CPU',
      EnabledState: 2,
      ExternalBusClockSpeed: 100,
      Family: 198,
      HealthState: 0,
      MaxClockSpeed: 8300,
      OperationalStatus: 0,
      OtherFamilyDescription: '',
      RequestedState: 12,
      Role: 'Central',
      Stepping: 13,
      SystemCreationClassName: 'CIM_ComputerSystem',
      SystemName: 'ManagedSystem',
      UpgradeMethod: 52,
    },
  ];
}

/** CIM_PhysicalMemory: two 16 GiB modules (Capacity is uint64). */
export function physicalMemory(s: DeviceState): Props[] {
  return s.memorySerials.map((serial, i) => ({
    BankLabel: `BANK ${i * 2}`,
    Capacity: 17179869184n,
    ConfiguredMemoryClockSpeed: 2400,
    CreationClassName: 'CIM_PhysicalMemory',
    ElementName: 'Managed System Memory Chip',
    FormFactor: 13,
    IsSpeedInMhz: true,
    Manufacturer: '859B',
    MaxMemorySpeed: 2400,
    MemoryType: 26,
    PartNumber: 'CT16G4SFD824A.M16FE ',
    SerialNumber: serial,
    Speed: 0,
    Tag: i === 0 ? '9876543210' : `9876543210 (#${i})`,
  }));
}

/** AMT_EthernetPortSettings: wired port 0 and wireless port 1. */
export function ethernetPorts(s: DeviceState): Props[] {
  const gateway = s.ipAddress.replace(/\.\d+$/, '.1');
  return [
    {
      DHCPEnabled: true,
      DefaultGateway: gateway,
      ElementName: 'Intel(r) AMT Ethernet Port Settings',
      IPAddress: s.ipAddress,
      InstanceID: 'Intel(r) AMT Ethernet Port Settings 0',
      IpSyncEnabled: true,
      LinkIsUp: true,
      LinkPolicy: [1, 14],
      MACAddress: s.macAddress,
      PhysicalConnectionType: 0,
      PrimaryDNS: gateway,
      SecondaryDNS: s.ipAddress.replace(/\.\d+$/, '.2'),
      SharedDynamicIP: true,
      SharedMAC: true,
      SharedStaticIp: false,
      SubnetMask: '255.255.255.0',
    },
    {
      ConsoleTcpMaxRetransmissions: 5,
      DHCPEnabled: true,
      ElementName: 'Intel(r) AMT Ethernet Port Settings',
      InstanceID: 'Intel(r) AMT Ethernet Port Settings 1',
      LinkControl: 2,
      LinkIsUp: false,
      LinkPreference: 2,
      MACAddress: '00-00-00-00-00-00',
      PhysicalConnectionType: 3,
      SharedMAC: true,
      WLANLinkProtectionLevel: 1,
    },
  ];
}
