// Hardware inventory classes, answered from `DeviceState.inventory` and shaped after the captured
// replies (cim/chassis, cim/bios, cim/computer, cim/physical, amt/ethernetport; CIM_Card after
// the go-wsman-messages capture of the same AMT 12 unit).
import type { PortSettings } from './inventory';
import { resourceUriOf } from './namespaces';
import { MANAGED_SYSTEM } from './classes-platform';
import { smbiosUuidBytes, type DeviceState } from './state';
import { datetime, epr, type PropValue } from './xml-writer';

type Props = Record<string, PropValue>;

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

/** CIM_Chassis singleton: the system's maker, model, serial and version. */
export function chassis(s: DeviceState): Props[] {
  const sys = s.inventory.system;
  return [
    {
      ChassisPackageType: sys.chassisPackageType,
      CreationClassName: 'CIM_Chassis',
      ElementName: 'Managed System Chassis',
      Manufacturer: sys.manufacturer,
      Model: sys.model,
      OperationalStatus: 0,
      PackageType: 3,
      SerialNumber: sys.serialNumber,
      Tag: 'CIM_Chassis',
      Version: sys.version,
    },
  ];
}

/** CIM_Card: the baseboard. */
export function card(s: DeviceState): Props[] {
  const b = s.inventory.board;
  return [
    {
      CanBeFRUed: true,
      CreationClassName: 'CIM_Card',
      ElementName: 'Managed System Base Board',
      Manufacturer: b.manufacturer,
      Model: b.model,
      OperationalStatus: 0,
      PackageType: 9,
      SerialNumber: b.serialNumber,
      Tag: 'CIM_Card',
      Version: b.version,
    },
  ];
}

/** CIM_BIOSElement singleton; ReleaseDate is a wrapped cim-common Datetime. */
export function biosElement(s: DeviceState): Props[] {
  const bios = s.inventory.bios;
  return [
    {
      ElementName: 'Primary BIOS',
      Manufacturer: bios.vendor,
      Name: 'Primary BIOS',
      OperationalStatus: 0,
      PrimaryBIOS: true,
      ReleaseDate: datetime(`${bios.releaseDate}T00:00:00Z`),
      SoftwareElementID: bios.version,
      SoftwareElementState: 2,
      TargetOperatingSystem: 66,
      Version: bios.version,
    },
  ];
}

/** CIM_Processor: the one processor package of these machines. */
export function processor(s: DeviceState): Props[] {
  const cpu = s.inventory.processor;
  return [
    {
      CPUStatus: s.powerState === 2 ? 1 : 0,
      CreationClassName: 'CIM_Processor',
      CurrentClockSpeed: cpu.currentMhz,
      DeviceID: 'CPU 0',
      ElementName: 'Managed System CPU',
      EnabledState: 2,
      ExternalBusClockSpeed: cpu.externalBusMhz,
      Family: cpu.family,
      HealthState: 0,
      MaxClockSpeed: cpu.maxMhz,
      OperationalStatus: 0,
      OtherFamilyDescription: '',
      RequestedState: 12,
      Role: 'Central',
      Stepping: cpu.stepping,
      SystemCreationClassName: 'CIM_ComputerSystem',
      SystemName: 'ManagedSystem',
      UpgradeMethod: cpu.upgradeMethod,
    },
  ];
}

/** CIM_PhysicalMemory: one instance per module; Capacity is a uint64 of bytes. */
export function physicalMemory(s: DeviceState): Props[] {
  return s.inventory.memory.map((m, i) => ({
    BankLabel: m.bankLabel,
    Capacity: BigInt(m.capacityGiB) * 1024n ** 3n,
    ConfiguredMemoryClockSpeed: m.configuredMts,
    CreationClassName: 'CIM_PhysicalMemory',
    ElementName: 'Managed System Memory Chip',
    FormFactor: m.formFactor,
    IsSpeedInMhz: true,
    Manufacturer: m.manufacturer,
    MaxMemorySpeed: m.maxMts,
    MemoryType: m.memoryType,
    PartNumber: m.partNumber,
    SerialNumber: m.serialNumber,
    Speed: 0,
    // The captured unit's tags: the same number, with " (#n)" from the second module on.
    Tag: i === 0 ? '9876543210' : `9876543210 (#${i})`,
  }));
}

/** The IP properties of a port that has an address; none when it has not. */
function addressProps(p: PortSettings): Props {
  if (p.ipAddress === null) return {};
  const out: Props = { IPAddress: p.ipAddress };
  if (p.subnetMask !== null) out.SubnetMask = p.subnetMask;
  if (p.gateway !== null) out.DefaultGateway = p.gateway;
  if (p.primaryDns !== null) out.PrimaryDNS = p.primaryDns;
  if (p.secondaryDns !== null) out.SecondaryDNS = p.secondaryDns;
  return out;
}

/** AMT_EthernetPortSettings: wired port 0 and wireless port 1 (listed even when not set up). */
export function ethernetPorts(s: DeviceState): Props[] {
  const { wired, wireless } = s.inventory;
  return [
    {
      ...addressProps(wired),
      DHCPEnabled: wired.dhcp,
      ElementName: 'Intel(r) AMT Ethernet Port Settings',
      InstanceID: 'Intel(r) AMT Ethernet Port Settings 0',
      IpSyncEnabled: true,
      LinkIsUp: wired.linkUp,
      LinkPolicy: [1, 14],
      MACAddress: wired.macAddress,
      PhysicalConnectionType: 0,
      SharedDynamicIP: wired.dhcp,
      SharedMAC: true,
      SharedStaticIp: !wired.dhcp,
    },
    {
      ...addressProps(wireless),
      ConsoleTcpMaxRetransmissions: 5,
      DHCPEnabled: wireless.dhcp,
      ElementName: 'Intel(r) AMT Ethernet Port Settings',
      InstanceID: 'Intel(r) AMT Ethernet Port Settings 1',
      LinkControl: 2,
      LinkIsUp: wireless.linkUp,
      LinkPreference: 2,
      MACAddress: wireless.macAddress,
      PhysicalConnectionType: 3,
      SharedMAC: true,
      WLANLinkProtectionLevel: 1,
    },
  ];
}
