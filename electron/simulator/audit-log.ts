// The security audit log behind AMT_AuditLog. Records use the AMT binary encoding that the
// captured ReadRecords reply decodes to (and that MeshCommander's GetAuditLog and
// go-wsman-messages' auditlog decoder read): application and event ids, the initiator, a
// big-endian timestamp, the network address as text, and event-specific extended data. Kept
// oldest first in `DeviceState.auditLog`, the order ReadRecords returns them in.

/** Who caused an audited event. */
export type AuditInitiator =
  | { readonly kind: 'digest'; readonly user: string }
  | { readonly kind: 'kerberos'; readonly userInDomain: number; readonly sid: readonly number[] }
  | { readonly kind: 'local' }
  | { readonly kind: 'kvm-default-port' };

/** One audit record. */
export interface AuditRecord {
  /** Application id, e.g. 16 security admin, 17 remote control, 21 network time. */
  readonly appId: number;
  readonly eventId: number;
  readonly initiator: AuditInitiator;
  /** Seconds since 1970 on the device clock. */
  readonly timestamp: number;
  /** The initiator's address as text (IPv4 or IPv6), or null for none. */
  readonly address: string | null;
  /** Event-specific extended data (at most 255 bytes). */
  readonly extended: readonly number[];
}

/** Records ReadRecords returns per call. */
export const AUDIT_PAGE = 10;
/** Records kept before the oldest roll off (StoragePolicy 1, roll over). */
export const AUDIT_LOG_CAPACITY = 2000;

/** Application and event ids (Intel "Event Groups and Event IDs"; MeshCommander's table). */
export const AUDIT_EVENTS = {
  provisioningStarted: [16, 0],
  provisioningCompleted: [16, 1],
  aclEntryAdded: [16, 2],
  aclEntryModified: [16, 3],
  tlsStateChanged: [16, 7],
  unprovisioningStarted: [16, 19],
  powerUp: [17, 0],
  powerDown: [17, 1],
  powerCycle: [17, 2],
  reset: [17, 3],
  gracefulPowerDown: [17, 5],
  gracefulReset: [17, 6],
  standby: [17, 7],
  hibernate: [17, 8],
  nmi: [17, 9],
  solSessionOpened: [18, 4],
  solSessionClosed: [18, 5],
  kvmSessionStarted: [18, 8],
  kvmSessionEnded: [18, 9],
  firmwareUpdated: [19, 0],
  timeSet: [21, 0],
  consentCodeSent: [30, 1],
} as const satisfies Record<string, readonly [number, number]>;

export type AuditEventName = keyof typeof AUDIT_EVENTS;

/** MC location type: 0 IPv4, 1 IPv6, 2 none (the captured local record has 2 and no address). */
function locationType(address: string | null): number {
  if (address === null || address === '') return 2;
  return address.includes(':') ? 1 : 0;
}

function initiatorBytes(i: AuditInitiator): number[] {
  switch (i.kind) {
    case 'digest': {
      const name = [...Buffer.from(i.user, 'ascii')];
      return [0, name.length, ...name];
    }
    case 'kerberos': {
      const u = i.userInDomain >>> 0;
      return [1, u >>> 24, (u >>> 16) & 0xff, (u >>> 8) & 0xff, u & 0xff, i.sid.length, ...i.sid];
    }
    case 'local':
      return [2];
    case 'kvm-default-port':
      return [3];
  }
}

/**
 * The bytes of a record: AuditAppId (uint16 BE), EventId (uint16 BE), InitiatorType, the
 * initiator (digest: length + name; Kerberos: uint32 BE + length + SID; local/KVM: nothing),
 * TimeStamp (uint32 BE), MCLocationType, NetAddress length + text, ExtendedData length + bytes.
 */
export function encodeAuditRecord(r: AuditRecord): Buffer {
  const address = [...Buffer.from(r.address ?? '', 'ascii')];
  if (address.length > 255 || r.extended.length > 255) throw new Error('Audit record field longer than 255 bytes.');
  const head = Buffer.alloc(4);
  head.writeUInt16BE(r.appId, 0);
  head.writeUInt16BE(r.eventId, 2);
  const time = Buffer.alloc(4);
  time.writeUInt32BE(r.timestamp >>> 0, 0);
  return Buffer.concat([
    head,
    Buffer.from(initiatorBytes(r.initiator)),
    time,
    Buffer.from([locationType(r.address), address.length, ...address, r.extended.length, ...r.extended]),
  ]);
}

/** Appends a record, dropping the oldest beyond the capacity. */
export function appendAudit(log: AuditRecord[], record: AuditRecord): void {
  encodeAuditRecord(record);
  log.push(record);
  if (log.length > AUDIT_LOG_CAPACITY) log.splice(0, log.length - AUDIT_LOG_CAPACITY);
}

/** A record of a named event. */
export function auditOf(
  name: AuditEventName,
  initiator: AuditInitiator,
  timestamp: number,
  address: string | null,
  extended: readonly number[] = [],
): AuditRecord {
  const [appId, eventId] = AUDIT_EVENTS[name];
  return { appId, eventId, initiator, timestamp, address, extended };
}

const u16 = (v: number): number[] => [(v >>> 8) & 0xff, v & 0xff];
const u32 = (v: number): number[] => [...u16(v >>> 16), ...u16(v & 0xffff)];

/** Extended data of the events the simulator writes, as the decoders read it. */
export const EXTENDED = {
  /** Firmware Updated: old and new version, four uint16 BE each (the captured record). */
  firmwareUpdated: (from: readonly number[], to: readonly number[]): number[] => [...from, ...to].flatMap(u16),
  /** Provisioning Completed: method (2 remote, 3 MEBx, 5 host-based admin), hash type + hash, certificates, FQDN. */
  provisioningCompleted: (method: number, rootHash: readonly number[], fqdn: string): number[] => {
    const name = [...Buffer.from(fqdn, 'ascii')];
    const hashType = rootHash.length === 20 ? 1 : rootHash.length === 48 ? 3 : rootHash.length === 32 ? 2 : 0;
    return [method, hashType, ...rootHash, 0, 0, name.length, ...name];
  },
  /** ACL Entry Added: initiator type 0 (digest), name length, name. */
  aclEntry: (user: string): number[] => {
    const name = [...Buffer.from(user, 'ascii')];
    return [0, name.length, ...name];
  },
  /** ACL Entry Modified: what changed (0x02 password), then as ACL Entry Added. */
  aclEntryModified: (changed: number, user: string): number[] => [changed, ...EXTENDED.aclEntry(user)],
  /** TLS State Changed: remote and local, 0 no auth, 1 server auth, 2 mutual auth. */
  tlsState: (remote: number, local: number): number[] => [remote, local],
  /** Time Set: the new time, uint32 BE (MeshCommander reads it with ReadInt). */
  timeSet: (seconds: number): number[] => u32(seconds >>> 0),
  /** Unprovisioning Started: 0 BIOS, 1 MEBx, 2 local MEI, 3 local WS-MAN, 4 remote WS-MAN. */
  unprovisioning: (by: number): number[] => [by],
  /** Power events that boot: the ASF boot options (special command, parameters, masks, OEM). */
  bootOptions: (special: number, paramHigh = 0, paramLow = 0): number[] => [special, paramHigh, paramLow, 0, 0, 0, 0],
  /** Send Consent Code: 0 success, 1 failed three times. */
  consent: (status: number): number[] => [status],
} as const;
