/**
 * Method ReturnValues (wsman-amt.md §1.7): AMT_/IPS_ methods mostly return PT_STATUS codes, some
 * classes have their own small enumerations whose numbers overlap PT_STATUS. A per-method map is
 * tried first, then the PT_STATUS table.
 */
import { OutbandError } from '../../shared/errors';

const PT_STATUS_NAMES = [
  'SUCCESS',
  'INTERNAL_ERROR',
  'NOT_READY',
  'INVALID_PT_MODE',
  'INVALID_MESSAGE_LENGTH',
  'TABLE_FINGERPRINT_NOT_AVAILABLE',
  'INTEGRITY_CHECK_FAILED',
  'UNSUPPORTED_ISVS_VERSION',
  'APPLICATION_NOT_REGISTERED',
  'INVALID_REGISTRATION_DATA',
  'APPLICATION_DOES_NOT_EXIST',
  'NOT_ENOUGH_STORAGE',
  'INVALID_NAME',
  'BLOCK_DOES_NOT_EXIST',
  'INVALID_BYTE_OFFSET',
  'INVALID_BYTE_COUNT',
  'NOT_PERMITTED',
  'NOT_OWNER',
  'BLOCK_LOCKED_BY_OTHER',
  'BLOCK_NOT_LOCKED',
  'INVALID_GROUP_PERMISSIONS',
  'GROUP_DOES_NOT_EXIST',
  'INVALID_MEMBER_COUNT',
  'MAX_LIMIT_REACHED',
  'INVALID_AUTH_TYPE',
  'AUTHENTICATION_FAILED',
  'INVALID_DHCP_MODE',
  'INVALID_IP_ADDRESS',
  'INVALID_DOMAIN_NAME',
  'UNSUPPORTED_VERSION',
  'REQUEST_UNEXPECTED',
  'INVALID_TABLE_TYPE',
  'INVALID_PROVISIONING_STATE',
  'UNSUPPORTED_OBJECT',
  'INVALID_TIME',
  'INVALID_INDEX',
  'INVALID_PARAMETER',
  'INVALID_NETMASK',
  'FLASH_WRITE_LIMIT_EXCEEDED',
  'INVALID_IMAGE_LENGTH',
  'INVALID_IMAGE_SIGNATURE',
  'PROPOSE_ANOTHER_VERSION',
  'INVALID_PID_FORMAT',
  'INVALID_PPS_FORMAT',
  'BIST_COMMAND_BLOCKED',
  'CONNECTION_FAILED',
  'CONNECTION_TOO_MANY',
  'RNG_GENERATION_IN_PROGRESS',
  'RNG_NOT_READY',
  'CERTIFICATE_NOT_READY',
];

/** PT_STATUS codes by number (0–49 and the 0x400/0x800 ranges). */
export const PT_STATUS: ReadonlyMap<number, string> = new Map<number, string>([
  ...PT_STATUS_NAMES.map((name, i) => [i, name] as [number, string]),
  [1024, 'DISABLED_BY_POLICY'],
  [2048, 'NETWORK_IF_ERROR_BASE'],
  [2049, 'UNSUPPORTED_OEM_NUMBER'],
  [2050, 'UNSUPPORTED_BOOT_OPTION'],
  [2051, 'INVALID_COMMAND'],
  [2052, 'INVALID_SPECIAL_COMMAND'],
  [2053, 'INVALID_HANDLE'],
  [2054, 'INVALID_PASSWORD'],
  [2055, 'INVALID_REALM'],
  [2056, 'STORAGE_ACL_ENTRY_IN_USE'],
  [2057, 'DATA_MISSING'],
  [2058, 'DUPLICATE'],
  [2059, 'EVENTLOG_FROZEN'],
  [2060, 'PKI_MISSING_KEYS'],
  [2061, 'PKI_GENERATING_KEYS'],
  [2062, 'INVALID_KEY'],
  [2063, 'INVALID_CERT'],
  [2064, 'CERT_KEY_NOT_MATCH'],
  [2065, 'MAX_KERB_DOMAIN_REACHED'],
  [2066, 'UNSUPPORTED'],
  [2067, 'INVALID_PRIORITY'],
  [2068, 'NOT_FOUND'],
  [2069, 'INVALID_CREDENTIALS'],
  [2070, 'INVALID_PASSPHRASE'],
  [2072, 'NO_ASSOCIATION'],
  [2075, 'AUDIT_FAIL'],
  [2076, 'BLOCKING_COMPONENT'],
  [2081, 'USER_CONSENT_REQUIRED'],
  [2082, 'OPERATION_IN_PROGRESS'],
]);

const DMTF_STATE_CHANGE: Record<number, string> = {
  0: 'COMPLETED',
  1: 'NOT_SUPPORTED',
  2: 'UNKNOWN_ERROR',
  3: 'TIMEOUT',
  4: 'FAILED',
  5: 'INVALID_PARAMETER',
  6: 'IN_USE',
  4096: 'JOB_STARTED',
  4097: 'INVALID_STATE_TRANSITION',
  4098: 'TIMEOUT_PARAMETER_NOT_SUPPORTED',
  4099: 'BUSY',
};
const CIM_BOOT: Record<number, string> = {
  0: 'SUCCESS',
  1: 'NOT_SUPPORTED',
  2: 'UNKNOWN_ERROR',
  3: 'BUSY',
  4: 'INVALID_REFERENCE',
  5: 'INVALID_PARAMETER',
  6: 'ACCESS_DENIED',
};
const HOST_SETUP: Record<number, string> = {
  0: 'SUCCESS',
  1: 'INTERNAL_ERROR',
  2: 'INVALID_STATE',
  3: 'INVALID_PARAMETER',
  4: 'METHOD_DISABLED',
  5: 'AUTHENTICATION_FAILED',
  6: 'FLASH_WRITE_LIMIT_EXCEEDED',
};
const OPT_IN: Record<number, string> = {
  0: 'SUCCESS',
  1: 'INTERNAL_ERROR',
  2: 'INVALID_STATE',
  3: 'BLOCKED',
  4: 'FAILED_FFS',
};
const CERT_CHAIN: Record<number, string> = {
  0: 'SUCCESS',
  1: 'INVALID_PARAMETER',
  2: 'INTERNAL_ERROR',
  3: 'INVALID_STATE',
  4: 'CERT_VERIFY_FAILED',
  5: 'CERT_CHAIN_LENGTH_EXCEEDED',
};

/** Class-specific ReturnValue maps, keyed `Class.Method` or `Class.*`. */
const METHOD_MAPS: Record<string, Record<number, string>> = {
  'CIM_PowerManagementService.RequestPowerStateChange': DMTF_STATE_CHANGE,
  'CIM_BootService.*': CIM_BOOT,
  'CIM_BootConfigSetting.*': CIM_BOOT,
  'CIM_KVMRedirectionSAP.RequestStateChange': DMTF_STATE_CHANGE,
  'IPS_HostBasedSetupService.Setup': HOST_SETUP,
  'IPS_HostBasedSetupService.AdminSetup': HOST_SETUP,
  'IPS_HostBasedSetupService.UpgradeClientToAdmin': HOST_SETUP,
  'IPS_HostBasedSetupService.AddNextCertInChain': CERT_CHAIN,
  'IPS_OptInService.*': OPT_IN,
};

/** Readable hints for the results people meet most. */
const HINTS: Record<string, string> = {
  'CIM_PowerManagementService.RequestPowerStateChange:2':
    'the device refused the power state; it is probably not available from the current state',
  USER_CONSENT_REQUIRED: 'user consent is required first',
  INVALID_PASSWORD: 'the password does not meet the rules',
  NOT_PERMITTED: 'not permitted in the current state or control mode',
  DATA_MISSING: 'data is missing (for example the MEBx password)',
};

/** The symbolic name of a ReturnValue for a method, per-method map first, then PT_STATUS. */
export function returnValueName(className: string, method: string, value: number): string {
  const map = METHOD_MAPS[`${className}.${method}`] ?? METHOD_MAPS[`${className}.*`];
  return map?.[value] ?? PT_STATUS.get(value) ?? `UNKNOWN_${value}`;
}

/** True for the values that mean success (0, and 4096 "job started" for DMTF state changes). */
export function isSuccessReturn(className: string, method: string, value: number): boolean {
  return value === 0 || (value === 4096 && returnValueName(className, method, value) === 'JOB_STARTED');
}

/** The stable error code for a failed method result, e.g. `amt.user-consent-required`. */
export function returnValueCode(name: string): string {
  return `amt.${name.toLowerCase().replace(/_/g, '-')}`;
}

/** The typed error for a non-success ReturnValue. */
export function returnValueError(className: string, method: string, value: number): OutbandError {
  const name = returnValueName(className, method, value);
  const hint = HINTS[`${className}.${method}:${value}`] ?? HINTS[name];
  const words = name.toLowerCase().replace(/_/g, ' ');
  const message = `${method} failed with ReturnValue ${value} (${words})${hint ? `: ${hint}` : ''}.`;
  return new OutbandError(returnValueCode(name), message, { className, method, returnValue: value, returnName: name });
}
