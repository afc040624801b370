/**
 * Typed AMT operations over an AmtSession (wsman-amt.md §3–§6). Public surface: sessions, device
 * info, power, boot, consent, network, hardware, the power-state table and UUID helpers.
 */
export { AmtSession, openAmtSession, defaultWsmanPort, type AmtSessionOptions } from './session';
export { getDeviceInfo, type DeviceInfo } from './device-info';
export {
  getGeneralSettings,
  getFirmwareVersions,
  getUuid,
  getSetupAndConfiguration,
  getHostBasedSetup,
  getProvisioning,
  type GeneralSettings,
  type FirmwareVersions,
  type SetupAndConfiguration,
  type HostBasedSetup,
  type ProvisioningState,
  type ControlMode,
} from './info';
export {
  getPowerStatus,
  requestPowerState,
  sendPowerStateChange,
  type PowerStatus,
  type PowerChangeOptions,
} from './power';
export { bootTo, type BootTarget, type BootOptions } from './boot';
export {
  getOptInStatus,
  startOptIn,
  sendOptInCode,
  cancelOptIn,
  type ConsentCodeProvider,
  type OptInStatus,
} from './consent';
export { getNetworkPorts, type NetworkPort } from './network';
export { getHardwareSummary, type HardwareSummary } from './hardware';
export {
  POWER_STATES,
  BASIC_POWER_ACTIONS,
  powerStateInfo,
  parsePowerState,
  type PowerStateInfo,
} from './power-states';
export { decodeAmtUuid, decodePlatformGuid, isPlaceholderUuid } from './uuid';
export {
  readInventory,
  toInventory,
  tlsEnabledOf,
  isMissingClass,
  type InventoryParts,
  type ReadInventoryOptions,
} from './inventory';
export {
  readEventLog,
  decodeEventRecord,
  decodeEventRecords,
  type EventLogEntry,
  type EventLogRecord,
  type UnreadableEventRecord,
  type EventLogOptions,
} from './event-log';
export {
  readAuditLog,
  decodeAuditRecord,
  decodeAuditRecords,
  type AuditLogEntry,
  type AuditLogRecord,
  type UnreadableAuditRecord,
  type AuditLogOptions,
} from './audit-log';
export { describeEvent, entityName, severityLabel, sensorTypeName, sourceTypeName } from './event-text';
