/** Wired and wireless network settings (AMT_EthernetPortSettings, wsman-amt.md §6). */
import { boolProp, intListProp, intProp, itemsOfClass, textProp, type CallOptions, type WsmanObject } from '../wsman';
import type { AmtSession } from './session';

/** One AMT network interface. */
export interface NetworkPort {
  instanceId?: string;
  kind: 'wired' | 'wireless' | 'unknown';
  /** MAC address as "00:be:43:d8:22:a4" (AMT writes it with dashes). */
  macAddress?: string;
  linkUp?: boolean;
  dhcpEnabled?: boolean;
  ipAddress?: string;
  subnetMask?: string;
  defaultGateway?: string;
  primaryDns?: string;
  secondaryDns?: string;
  ipSyncEnabled?: boolean;
  sharedStaticIp?: boolean;
  sharedMac?: boolean;
  linkPolicy: number[];
}

function formatMac(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const hex = raw.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  return hex.length === 12 ? hex.match(/../g)!.join(':') : raw;
}

/** Reads AMT_EthernetPortSettings properties. */
export function toNetworkPort(o: WsmanObject): NetworkPort {
  const type = intProp(o, 'PhysicalConnectionType');
  return {
    instanceId: textProp(o, 'InstanceID'),
    kind: type === 0 ? 'wired' : type === 3 ? 'wireless' : 'unknown',
    macAddress: formatMac(textProp(o, 'MACAddress')),
    linkUp: boolProp(o, 'LinkIsUp'),
    dhcpEnabled: boolProp(o, 'DHCPEnabled'),
    ipAddress: textProp(o, 'IPAddress'),
    subnetMask: textProp(o, 'SubnetMask'),
    defaultGateway: textProp(o, 'DefaultGateway'),
    primaryDns: textProp(o, 'PrimaryDNS'),
    secondaryDns: textProp(o, 'SecondaryDNS'),
    ipSyncEnabled: boolProp(o, 'IpSyncEnabled'),
    sharedStaticIp: boolProp(o, 'SharedStaticIp'),
    sharedMac: boolProp(o, 'SharedMAC'),
    linkPolicy: intListProp(o, 'LinkPolicy'),
  };
}

/** Enumerates AMT_EthernetPortSettings (wired port 0, wireless port 1 where present). */
export async function getNetworkPorts(s: AmtSession, opts?: CallOptions): Promise<NetworkPort[]> {
  const m = s.amt.EthernetPortSettings;
  const items = await s.wsman.enumerate(m.Enumerate(), (ctx) => m.Pull(ctx), opts);
  return itemsOfClass(items, 'AMT_EthernetPortSettings').map(toNetworkPort);
}
