/**
 * The AMT security audit log (AMT_AuditLog.ReadRecords, wsman-amt.md §6): pages of up to 10
 * records from a 1-based StartIndex, oldest first, listed here newest first. A record (layout
 * verified on the captured ReadRecords reply; every number is big-endian):
 *
 *   AuditAppId u16 · EventId u16 · InitiatorType u8, then by type:
 *     0 HTTP digest: UsernameLength u8 + Username
 *     1 Kerberos:    UserInDomain u32 + DomainLength u8 + Domain (a binary SID)
 *     2 local, 3 KVM default port: nothing
 *   TimeStamp u32 (Unix seconds) · MCLocationType u8 (0 IPv4, 1 IPv6, 2 none)
 *   NetAddressLength u8 + NetAddress (text) · ExtendedDataLength u8 + ExtendedData
 *
 * The application and event names and the extended-data layouts follow the Intel AMT SDK's
 * auditable-events tables.
 */
import { OutbandError } from '../../shared/errors';
import {
  intProp,
  readMethodOutput,
  returnValueName,
  textListProp,
  type CallOptions,
  type WsmanResponse,
} from '../wsman';
import { ByteReader, decodeBase64, isoFromUnix, ShortRecord, toHex } from './log-bytes';
import { checkMax } from './event-log';
import type { AmtSession } from './session';

/** Records per ReadRecords call (the firmware's page size). */
export const AUDIT_PAGE_SIZE = 10;
/** ReadRecords calls at most for one reading. */
export const AUDIT_MAX_PAGES = 1000;

/** How the initiator of an audited action logged in. */
export type AuditInitiatorType = 'digest' | 'kerberos' | 'local' | 'kvm-default-port';

/** One decoded audit record; every value is plain so it can be shown, exported or sent over IPC. */
export interface AuditLogRecord {
  /** When it happened (ISO, from the device clock). */
  time: string;
  app: string;
  event: string;
  /** The user name, the Kerberos SID, "Local" or "KVM default port". */
  initiator: string;
  initiatorType: AuditInitiatorType;
  /** The network address the action came from, when there was one. */
  address: string | null;
  addressType: 'ipv4' | 'ipv6' | 'none' | 'unknown';
  /** The extended data as hex ("" when there is none). */
  extended: string;
  /** The extended data in words, where its layout is known. */
  extendedText: string | null;
  description: string;
  appId: number;
  eventId: number;
  /** The record as the device sent it (base64). */
  raw: string;
  readable: true;
}

/** A record that could not be decoded: kept, with the reason, rather than dropped or guessed. */
export interface UnreadableAuditRecord {
  time: null;
  description: string;
  raw: string;
  readable: false;
}

/** What readAuditLog lists. */
export type AuditLogEntry = AuditLogRecord | UnreadableAuditRecord;

interface AuditApp {
  name: string;
  events: Record<number, string>;
}

const APPS: Record<number, AuditApp> = {
  16: {
    name: 'Security Admin',
    events: {
      0: 'Provisioning started',
      1: 'Provisioning completed',
      2: 'ACL entry added',
      3: 'ACL entry modified',
      4: 'ACL entry removed',
      5: 'Access with invalid credentials',
      6: 'ACL entry enabled or disabled',
      7: 'TLS state changed',
      8: 'TLS server certificate set',
      9: 'TLS server certificate removed',
      10: 'TLS trusted root certificate added',
      11: 'TLS trusted root certificate removed',
      12: 'TLS pre-shared key set',
      13: 'Kerberos settings modified',
      14: 'Kerberos master key or passphrase modified',
      15: 'Flash wear-out counters reset',
      16: 'Power package modified',
      17: 'Realm authentication mode set',
      18: 'Upgraded from client to admin control mode',
      19: 'Unprovisioning started',
    },
  },
  17: {
    name: 'Remote Control',
    events: {
      0: 'Performed power up',
      1: 'Performed power down',
      2: 'Performed power cycle',
      3: 'Performed reset',
      4: 'Set boot options',
      5: 'Performed graceful power down',
      6: 'Performed graceful reset',
      7: 'Performed standby',
      8: 'Performed hibernate',
      9: 'Performed NMI',
    },
  },
  18: {
    name: 'Redirection Manager',
    events: {
      0: 'Storage redirection session opened',
      1: 'Storage redirection session closed',
      2: 'Storage redirection enabled',
      3: 'Storage redirection disabled',
      4: 'Serial-over-LAN session opened',
      5: 'Serial-over-LAN session closed',
      6: 'Serial-over-LAN enabled',
      7: 'Serial-over-LAN disabled',
      8: 'KVM session started',
      9: 'KVM session ended',
      10: 'KVM enabled',
      11: 'KVM disabled',
      12: 'VNC password failed 3 times',
    },
  },
  19: { name: 'Firmware Update Manager', events: { 0: 'Firmware updated', 1: 'Firmware update failed' } },
  20: {
    name: 'Security Audit Log',
    events: {
      0: 'Audit log cleared',
      1: 'Audit policy modified',
      2: 'Audit log disabled',
      3: 'Audit log enabled',
      4: 'Audit log exported',
      5: 'Audit log recovered',
    },
  },
  21: { name: 'Network Time', events: { 0: 'Intel(R) AMT time set' } },
  22: {
    name: 'Network Administration',
    events: {
      0: 'TCP/IP parameters set',
      1: 'Host name set',
      2: 'Domain name set',
      3: 'VLAN parameters set',
      4: 'Link policy set',
      5: 'IPv6 parameters set',
    },
  },
  23: {
    name: 'Storage Administration',
    events: {
      0: 'Global storage attributes set',
      1: 'Storage EACL modified',
      2: 'Storage FPACL modified',
      3: 'Storage write operation',
    },
  },
  24: {
    name: 'Event Manager',
    events: { 0: 'Alert subscribed', 1: 'Alert unsubscribed', 2: 'Event log cleared', 3: 'Event log frozen' },
  },
  25: {
    name: 'Circuit Breaker Manager',
    events: {
      0: 'System defense filter added',
      1: 'System defense filter removed',
      2: 'System defense policy added',
      3: 'System defense policy removed',
      4: 'System defense default policy set',
      5: 'System defense heuristics option set',
      6: 'System defense heuristics state cleared',
    },
  },
  26: {
    name: 'Agent Presence Manager',
    events: { 0: 'Agent watchdog added', 1: 'Agent watchdog removed', 2: 'Agent watchdog action set' },
  },
  27: {
    name: 'Wireless Configuration',
    events: {
      0: 'Wireless profile added',
      1: 'Wireless profile removed',
      2: 'Wireless profile updated',
      3: 'Local profile synchronisation changed',
      4: 'Wireless link preference changed',
      5: 'Wireless profile sharing with UEFI changed',
    },
  },
  28: {
    name: 'EAC',
    events: {
      0: 'EAC posture signer set',
      1: 'EAC enabled',
      2: 'EAC disabled',
      3: 'EAC posture state updated',
      4: 'EAC options set',
    },
  },
  29: {
    name: 'KVM',
    events: {
      0: 'KVM opt-in enabled',
      1: 'KVM opt-in disabled',
      2: 'KVM password changed',
      3: 'KVM consent succeeded',
      4: 'KVM consent failed',
    },
  },
  30: {
    name: 'User Opt-In',
    events: { 0: 'Opt-in policy changed', 1: 'Consent code sent', 2: 'Start opt-in request blocked' },
  },
  31: { name: 'BIOS Management', events: {} },
  32: { name: 'Screen Blanking', events: { 0: 'Screen blanking started', 1: 'Screen blanking ended' } },
  33: {
    name: 'Watchdog',
    events: { 1: 'Watchdog reset triggering options changed', 2: 'Watchdog action pairing changed' },
  },
};

/** The application name of an AuditAppId, or "Application N". */
export function auditAppName(appId: number): string {
  return APPS[appId]?.name ?? `Application ${appId}`;
}

/** The event name of an AuditAppId/EventId pair, or "Event N". */
export function auditEventName(appId: number, eventId: number): string {
  return APPS[appId]?.events[eventId] ?? `Event ${eventId}`;
}

const REALMS = [
  'invalid realm',
  'reserved realm',
  'Redirection',
  'PT Administration',
  'Hardware Asset',
  'Remote Control',
  'Storage',
  'Event Manager',
  'Storage Administration',
  'Agent Presence Local',
  'Agent Presence Remote',
  'Circuit Breaker',
  'Network Time',
  'General Information',
  'Firmware Update',
  'EIT',
  'Local User Notification',
  'Endpoint Access Control',
  'Endpoint Access Control Admin',
  'Event Log Reader',
  'Security Audit Log',
  'User Access Control',
];

const TLS_AUTH = ['no authentication', 'server authentication', 'mutual authentication'];
const OPT_IN = ['none', 'KVM only', 'all redirection'];

const pick = (list: readonly string[], i: number | undefined) =>
  i === undefined ? 'unknown' : (list[i] ?? `value ${i}`);

/** Text bytes (UTF-8) up to the first NUL. */
function bytesText(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder('utf-8').decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/** A binary Windows SID as text (S-1-5-21-…); hex when it does not look like one. */
export function sidText(bytes: Uint8Array): string {
  const count = bytes[1] ?? 0;
  if (bytes.length < 8 || bytes.length !== 8 + 4 * count) return toHex(bytes);
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + (bytes[i] as number);
  const r = new ByteReader(bytes.subarray(8));
  const subs = Array.from({ length: count }, () => r.u32le('SubAuthority'));
  return ['S', bytes[0], authority, ...subs].join('-');
}

const versionText = (r: ByteReader) =>
  [r.u16be('Major'), r.u16be('Minor'), r.u16be('Hotfix'), r.u16be('Build')].join('.');

const ipv4 = (r: ByteReader, field: string) => Array.from(r.take(4, field)).join('.');

/** The ACL user named in extended data: a digest user name or a Kerberos SID. */
function aclUser(r: ByteReader): string {
  const type = r.u8('InitiatorType');
  if (type === 0) return `user "${bytesText(r.take(r.u8('UsernameLength'), 'Username'))}"`;
  if (type === 1) {
    const rid = r.u32be('UserInDomain');
    return `Kerberos ${sidText(r.take(r.u8('DomainLength'), 'Domain'))}, user ${rid}`;
  }
  return `user of type ${type}`;
}

type ExtendedDecoder = (r: ByteReader) => string | undefined;

const PROVISIONING_METHODS: Record<number, string> = {
  1: 'PSK',
  2: 'remote configuration (PKI)',
  3: 'manual (MEBx)',
  5: 'host-based (admin control mode)',
};
const HASH_LENGTHS: Record<number, number> = { 1: 20, 2: 32, 3: 48, 4: 64 };

const EXTENDED: Record<number, ExtendedDecoder> = {
  1601: (r) => {
    const method = r.u8('ProvisioningMethod');
    const text = `method: ${PROVISIONING_METHODS[method] ?? `method ${method}`}`;
    if (method !== 2 || r.remaining === 0) return text;
    // PKI: hash type and hash of the trusted root, certificate serial numbers, then the server's FQDN.
    try {
      r.take(HASH_LENGTHS[r.u8('HashType')] ?? 0, 'CertificateHash');
      r.take(16 * r.u8('NumberOfCertificates'), 'SerialNumbers');
      r.u8('AdditionalCaSerialNumbers');
      const fqdn = bytesText(r.take(r.u8('FqdnLength'), 'ProvServerFqdn'));
      return /^[\x21-\x7e]+$/.test(fqdn) ? `${text}; provisioning server ${fqdn}` : text;
    } catch (err) {
      if (err instanceof ShortRecord) return text;
      throw err;
    }
  },
  1602: (r) => aclUser(r),
  1603: (r) => {
    const mask = r.u8('ModifiedFields');
    const names = ['user name', 'password', 'local realms', 'remote realms', 'Kerberos domain', 'SID'];
    const changed = names.filter((_, i) => (mask & (1 << i)) !== 0);
    return `${aclUser(r)}; changed: ${changed.length > 0 ? changed.join(', ') : 'nothing named'}`;
  },
  1604: (r) => aclUser(r),
  1605: (r) => `at ${pick(['Intel(R) AMT', 'Intel(R) MEBx'], r.u8('InvalidCredentialsType'))}`,
  1606: (r) => `${r.u8('State') === 0 ? 'disabled' : 'enabled'} ${aclUser(r)}`,
  1607: (r) => `remote: ${pick(TLS_AUTH, r.u8('RemoteTLS'))}; local: ${pick(TLS_AUTH, r.u8('LocalTLS'))}`,
  1608: (r) => `certificate serial ${toHex(r.take(Math.min(r.remaining, 20), 'SerialNumber'))}`,
  1609: (r) => `certificate serial ${toHex(r.take(Math.min(r.remaining, 20), 'SerialNumber'))}`,
  1610: (r) => `certificate serial ${toHex(r.take(Math.min(r.remaining, 20), 'SerialNumber'))}`,
  1611: (r) => `certificate serial ${toHex(r.take(Math.min(r.remaining, 20), 'SerialNumber'))}`,
  1613: (r) => `time tolerance ${r.u8('TimeTolerance')} minute(s)`,
  1617: (r) => {
    const realm = r.u32be('Realm');
    const mode = r.u8('AuthenticationMode');
    return `${REALMS[realm] ?? `realm ${realm}`} realm: ${pick(['no authentication', 'authentication', 'disabled'], mode)}`;
  },
  1619: (r) => `from ${pick(['?', 'BIOS', 'MEBx', 'local MEI', 'local WS-Man', 'remote WS-Man'], r.u8('Interface'))}`,
  1700: (r) => `boot options ${toHex(r.take(Math.min(r.remaining, 7), 'BootOptions'))}`,
  1702: (r) => `boot options ${toHex(r.take(Math.min(r.remaining, 7), 'BootOptions'))}`,
  1703: (r) => `boot options ${toHex(r.take(Math.min(r.remaining, 7), 'BootOptions'))}`,
  1704: (r) => `boot options ${toHex(r.take(Math.min(r.remaining, 7), 'BootOptions'))}`,
  1900: (r) => `from ${versionText(r)} to ${versionText(r)}`,
  1901: (r) => `failure reason ${r.u32be('FailureReason')}`,
  2005: (r) => `reason: ${pick(['unknown', 'migration failure', 'initialisation failure'], r.u8('Reason'))}`,
  2100: (r) => `clock set to ${isoFromUnix(r.u32be('Time'))}`,
  2200: (r) => {
    const iface = pick(['wired', 'wireless'], r.u32be('InterfaceHandle'));
    if (r.u8('DHCPEnabled') !== 0) return `${iface}: DHCP`;
    const ip = ipv4(r, 'IPAddress');
    const mask = ipv4(r, 'SubnetMask');
    const gateway = ipv4(r, 'DefaultGateway');
    return `${iface}: static ${ip}/${mask}, gateway ${gateway}, DNS ${ipv4(r, 'PrimaryDNS')}, ${ipv4(r, 'SecondaryDNS')}`;
  },
  2201: (r) => `host name "${bytesText(r.take(r.u8('HostNameLength'), 'HostName'))}"`,
  2202: (r) => `domain name "${bytesText(r.take(r.u8('DomainNameLength'), 'DomainName'))}"`,
  2204: (r) => `${pick(['wired', 'wireless'], r.u32be('InterfaceHandle'))}: link policy ${r.u32be('LinkPolicy')}`,
  2403: (r) => (r.u8('Freeze') === 0 ? 'unfrozen' : 'frozen'),
  3000: (r) => `from ${pick(OPT_IN, r.u8('OldPolicy'))} to ${pick(OPT_IN, r.u8('NewPolicy'))}`,
  3001: (r) => pick(['code accepted', 'wrong code entered 3 times'], r.u8('Result')),
};

/** The extended data in words, where the layout is known; undefined otherwise or when it is too short. */
export function auditExtendedText(appId: number, eventId: number, data: Uint8Array): string | undefined {
  const decode = EXTENDED[appId * 100 + eventId];
  if (!decode || data.length === 0) return undefined;
  try {
    return decode(new ByteReader(data));
  } catch (err) {
    if (err instanceof ShortRecord) return undefined;
    throw err;
  }
}

function invalid(raw: string, reason: string): OutbandError {
  return new OutbandError('amt.audit-record-invalid', `An audit-log record cannot be read: ${reason}.`, {
    raw: raw.slice(0, 400),
  });
}

const INITIATORS: Record<number, AuditInitiatorType> = {
  0: 'digest',
  1: 'kerberos',
  2: 'local',
  3: 'kvm-default-port',
};
const ADDRESS_TYPES: Record<number, AuditLogRecord['addressType']> = { 0: 'ipv4', 1: 'ipv6', 2: 'none' };

/** Decodes one base64 audit record; a malformed or short record is an `amt.audit-record-invalid` error. */
export function decodeAuditRecord(raw: string): AuditLogRecord {
  const bytes = decodeBase64(raw);
  if (!(bytes instanceof Uint8Array)) throw invalid(raw, bytes.problem);
  try {
    const r = new ByteReader(bytes);
    const appId = r.u16be('AuditAppId');
    const eventId = r.u16be('EventId');
    const type = r.u8('InitiatorType');
    const initiatorType = INITIATORS[type];
    if (initiatorType === undefined) {
      throw invalid(raw, `initiator type ${type} is unknown, so the fields after it cannot be found`);
    }
    let initiator: string;
    if (initiatorType === 'digest') initiator = bytesText(r.take(r.u8('UsernameLength'), 'Username'));
    else if (initiatorType === 'kerberos') {
      const rid = r.u32be('UserInDomain');
      initiator = `${sidText(r.take(r.u8('DomainLength'), 'Domain'))} (user ${rid})`;
    } else initiator = initiatorType === 'local' ? 'Local' : 'KVM default port';
    const time = isoFromUnix(r.u32be('TimeStamp'));
    const location = r.u8('MCLocationType');
    const address = bytesText(r.take(r.u8('NetAddressLength'), 'NetAddress')).trim();
    const ext = r.take(r.u8('ExtendedDataLength'), 'ExtendedData');
    const app = auditAppName(appId);
    const event = auditEventName(appId, eventId);
    const extendedText = auditExtendedText(appId, eventId, ext) ?? null;
    const who =
      initiatorType === 'digest'
        ? `by "${initiator}"`
        : initiatorType === 'kerberos'
          ? `by Kerberos ${initiator}`
          : initiatorType === 'local'
            ? 'local'
            : 'KVM default port';
    return {
      time,
      app,
      event,
      initiator,
      initiatorType,
      address: address === '' ? null : address,
      addressType: ADDRESS_TYPES[location] ?? 'unknown',
      extended: toHex(ext),
      extendedText,
      description: `${app}: ${event}${extendedText ? ` (${extendedText})` : ''}, ${who}${address ? ` from ${address}` : ''}`,
      appId,
      eventId,
      raw: raw.trim(),
      readable: true,
    };
  } catch (err) {
    if (err instanceof ShortRecord) throw invalid(raw, err.message);
    throw err;
  }
}

/** Decodes a list of records in order; unreadable ones are kept with their reason. */
export function decodeAuditRecords(raws: readonly string[]): AuditLogEntry[] {
  return raws.map((raw) => {
    try {
      return decodeAuditRecord(raw);
    } catch (err) {
      if (!(err instanceof OutbandError)) throw err;
      return { time: null, description: `Unreadable record: ${err.message}`, raw: raw.trim(), readable: false };
    }
  });
}

/** One ReadRecords reply. */
export interface AuditLogPage {
  returnValue?: number;
  totalRecordCount: number;
  recordsReturned: number;
  records: string[];
}

/** Reads a ReadRecords_OUTPUT (its ReturnValue is judged by the caller). */
export function readAuditLogPage(resp: WsmanResponse): AuditLogPage {
  const { returnValue, output } = readMethodOutput(resp, 'AMT_AuditLog', 'ReadRecords');
  const records = textListProp(output, 'EventRecords').filter((r) => r.trim() !== '');
  return {
    returnValue,
    totalRecordCount: intProp(output, 'TotalRecordCount') ?? records.length,
    recordsReturned: intProp(output, 'RecordsReturned') ?? records.length,
    records,
  };
}

/** Options of readAuditLog. */
export interface AuditLogOptions extends CallOptions {
  /** At most this many records, the newest; default: the whole log. */
  max?: number;
}

const DENIED_FAULTS = new Set(['wsman.access-denied', 'wsman.destination-unreachable', 'wsman.action-not-supported']);

function unavailable(reason: string, details?: Record<string, unknown>): OutbandError {
  return new OutbandError(
    'amt.audit-log-unavailable',
    `The device's audit log cannot be read: ${reason}. Reading it needs an account with the audit log ` +
      `realm (or the admin account); some devices allow it only in admin control mode.`,
    details,
  );
}

/** Reads the audit log, newest first, up to `max` records (the newest ones). */
export async function readAuditLog(s: AmtSession, opts: AuditLogOptions = {}): Promise<AuditLogEntry[]> {
  const max = checkMax(opts.max);
  const call: CallOptions = { signal: opts.signal };
  const readPage = async (startIndex: number): Promise<AuditLogPage> => {
    let resp: WsmanResponse;
    try {
      resp = await s.wsman.send(s.amt.AuditLog.ReadRecords(startIndex), call);
    } catch (err) {
      const status = err instanceof OutbandError ? err.details?.httpStatus : undefined;
      if (err instanceof OutbandError && (DENIED_FAULTS.has(err.code) || status === 403)) {
        throw unavailable(err.code === 'wsman.access-denied' || status === 403 ? 'access denied' : err.message, {
          cause: err.code,
        });
      }
      throw err;
    }
    const page = readAuditLogPage(resp);
    if (page.returnValue !== undefined && page.returnValue !== 0) {
      const name = returnValueName('AMT_AuditLog', 'ReadRecords', page.returnValue);
      throw unavailable(`ReadRecords answered ${page.returnValue} (${name.toLowerCase().replace(/_/g, ' ')})`, {
        returnValue: page.returnValue,
      });
    }
    return page;
  };

  const first = await readPage(1);
  const total = first.totalRecordCount;
  if (total === 0 || first.records.length === 0) return [];
  // The newest records are at the end: start where the last `max` of them begin.
  const start = Number.isFinite(max) && total > max ? total - max + 1 : 1;
  const raws: string[] = [];
  let page = start === 1 ? first : await readPage(start);
  let next = start;
  for (let pages = 1; ; pages++) {
    raws.push(...page.records);
    next += page.records.length;
    if (page.records.length === 0 || next > total || raws.length >= max || pages >= AUDIT_MAX_PAGES) break;
    page = await readPage(next);
  }
  return decodeAuditRecords(raws.slice(-Math.min(raws.length, max))).reverse();
}
