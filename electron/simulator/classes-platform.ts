// Platform classes (general settings, firmware versions, setup and host-based setup), shaped
// after the captured replies in shared/fixtures/wsman/captured. The hardware inventory classes
// are in classes-inventory.ts.
import { createHash } from 'node:crypto';
import { resourceUriOf } from './namespaces';
import type { DeviceState } from './state';
import { epr, type PropValue } from './xml-writer';

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
