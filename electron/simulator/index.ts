// Public API of the AMT device simulator (see README.md in this folder).
export {
  SimDevice,
  DEFAULT_PASSWORD,
  type SimDeviceOptions,
  type DeviceStats,
  type EventInput,
  type AuditInput,
} from './device';
export {
  startFleet,
  loopbackAddress,
  type Fleet,
  type FleetDevice,
  type FleetDeviceOptions,
  type FleetOptions,
} from './fleet';
export { generateTlsIdentity, tlsIdentityFromPem, type TlsIdentity, type TlsIdentityOptions } from './tls-identity';
export type { InjectedFaultKind, FaultRule } from './fault-injection';
export { availablePowerStates, supportedPowerStates } from './power';
export {
  ZERO_MAC,
  generateInventory,
  totalMemoryBytes,
  type Inventory,
  type MemoryModule,
  type PortSettings,
} from './inventory';
export { PLATFORMS, PLATFORM_KEYS, type PlatformKey, type PlatformSpec } from './platforms';
export {
  EVENT_TEMPLATES,
  MESSAGE_LOG_CAPACITY,
  encodeEventRecord,
  eventOf,
  type EventKind,
  type EventRecord,
} from './event-log';
export {
  AUDIT_EVENTS,
  AUDIT_PAGE,
  EXTENDED,
  encodeAuditRecord,
  type AuditEventName,
  type AuditInitiator,
  type AuditRecord,
} from './audit-log';
export { smbiosUuidBytes, type DeviceState, type DeviceIdentityOptions, type BootRecord } from './state';
export { parseDigestParams, type QopOffer } from './digest';
export { checkConnectBack, effectiveDnsSuffix, type ConnectBackRefusal } from './connect-back';
export {
  digestHa1,
  type AdminAccount,
  type DigestCredential,
  type ProvisioningState,
  type SimCertificate,
  type SimKeyPair,
  type TlsSetting,
} from './provisioning-state';
export { meetsMebxRules } from './methods-provisioning';
export { PT_STATUS } from './pt-status';
export { isLoopbackV4 } from './loopback';
export { helloScheduleMinutes, type HelloOptions, type HelloPhase } from './hello-sender';
export {
  DEFAULT_TRUSTED_ROOT_HASHES,
  rootHashAlgorithmOf,
  type RootHashAlgorithm,
  type TrustedRootHash,
} from './trusted-roots';
export { solAllowed, solNeedsConsent, type RedirectionOptions, type RedirectionStats } from './redirection';
export { bootScreen, SimHostConsole } from './redirection-host';
export {
  startLab,
  LAB_PROFILES,
  isManagedLabProfile,
  type Lab,
  type LabDevice,
  type LabOptions,
  type LabProfile,
} from './lab';
