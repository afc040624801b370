/** The summary the device list and `outband info` show, read in one session. */
import type { CallOptions } from '../wsman';
import {
  getFirmwareVersions,
  getGeneralSettings,
  getProvisioning,
  getUuid,
  type ControlMode,
  type ProvisioningState,
} from './info';
import { getPowerStatus } from './power';
import type { PowerStateInfo } from './power-states';
import type { AmtSession } from './session';

/** What getDeviceInfo returns. */
export interface DeviceInfo {
  host: string;
  port: number;
  tls: boolean;
  uuid: string;
  amtVersion?: string;
  buildNumber?: string;
  provisioningState?: ProvisioningState;
  controlMode: ControlMode;
  hostName?: string;
  domainName?: string;
  /** hostName.domainName when both are known. */
  fqdn?: string;
  realm?: string;
  powerState: Pick<PowerStateInfo, 'code' | 'name' | 'label'>;
  availablePowerStates: Array<Pick<PowerStateInfo, 'code' | 'name' | 'label'>>;
  /** SHA-256 of the device certificate (TLS only): store it as the pin after first use. */
  tlsFingerprint?: string;
  /** The HTTP Server header, a firmware version hint. */
  server?: string;
}

const brief = (p: PowerStateInfo) => ({ code: p.code, name: p.name, label: p.label });

/** Reads UUID, versions, provisioning, names, realm and power state of one device. */
export async function getDeviceInfo(s: AmtSession, opts?: CallOptions): Promise<DeviceInfo> {
  const general = await getGeneralSettings(s, opts);
  const uuid = await getUuid(s, opts);
  const firmware = await getFirmwareVersions(s, opts);
  const provisioning = await getProvisioning(s, opts);
  const power = await getPowerStatus(s, opts);
  const fqdn = general.hostName && general.domainName ? `${general.hostName}.${general.domainName}` : undefined;
  return {
    host: s.host,
    port: s.port,
    tls: s.tls,
    uuid,
    amtVersion: firmware.amtVersion,
    buildNumber: firmware.buildNumber,
    provisioningState: provisioning.provisioningState,
    controlMode: provisioning.controlMode,
    hostName: general.hostName || undefined,
    domainName: general.domainName || undefined,
    fqdn,
    realm: general.digestRealm ?? s.wsman.realm,
    powerState: brief(power.powerState),
    availablePowerStates: power.available.map(brief),
    tlsFingerprint: s.tlsFingerprint,
    server: s.wsman.serverHeader,
  };
}
