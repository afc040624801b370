// What a device remembers having happened: the seeded event and audit logs it is created with,
// and the records it adds when a request changes something (power, admin account, clock,
// provisioning, consent). Timestamps are on the device clock (host time + clockOffsetS).
import {
  EXTENDED,
  appendAudit,
  auditOf,
  type AuditEventName,
  type AuditInitiator,
  type AuditRecord,
} from './audit-log';
import { appendEvents, bootSequence, seedEventLog } from './event-log';
import { randomInt, seededRandom } from './rng';
import type { DeviceState } from './state';
import { DEFAULT_TRUSTED_ROOT_HASHES } from './trusted-roots';

/** Who sent a request: the digest user (null when none was needed) and the peer address. */
export interface Requester {
  readonly user: string | null;
  readonly address: string | null;
}

/** A request from the host itself, with no user and no address. */
export const LOCAL_REQUESTER: Requester = { user: null, address: null };

/** How the seeded logs are made. */
export interface HistoryOptions {
  readonly seed: number;
  /** Device seconds the seeded records end before. */
  readonly until: number;
  /** Exact number of seeded event-log records (default: 12–48 from the seed). */
  readonly eventRecords?: number;
  /** Exact number of seeded audit records of a provisioned device (default: 14–36 from the seed). */
  readonly auditRecords?: number;
  /** Whether the device serves TLS (a TLS State Changed record is then part of its history). */
  readonly tls: boolean;
}

/** The device clock in whole seconds. */
export function deviceSeconds(state: DeviceState, nowMs: number): number {
  return Math.floor(nowMs / 1000) + state.clockOffsetS;
}

/** The audit initiator of a requester: digest with its user name, else local. */
export function initiatorOf(r: Requester): AuditInitiator {
  return r.user === null ? { kind: 'local' } : { kind: 'digest', user: r.user };
}

/** Appends an audit record for a request. */
export function audit(
  state: DeviceState,
  name: AuditEventName,
  requester: Requester,
  nowMs: number,
  extended: readonly number[] = [],
): void {
  appendAudit(
    state.auditLog,
    auditOf(name, initiatorOf(requester), deviceSeconds(state, nowMs), requester.address, extended),
  );
}

const POWER_AUDIT: Readonly<Record<number, AuditEventName>> = {
  2: 'powerUp',
  4: 'standby',
  5: 'powerCycle',
  7: 'hibernate',
  8: 'powerDown',
  10: 'reset',
  11: 'nmi',
  12: 'gracefulPowerDown',
  14: 'gracefulReset',
};

/** ASF boot options of the last boot: special command (1 PXE, 2 HDD, 5 CD, 0xC1 Intel) and parameters. */
function bootOptionBytes(state: DeviceState): number[] {
  const b = state.lastBoot;
  if (b === null) return EXTENDED.bootOptions(0);
  const intelBits = (b.biosSetup ? 0x08 : 0) | (b.useIder ? 0x01 : 0);
  if (intelBits !== 0) return EXTENDED.bootOptions(0xc1, 0, intelBits);
  if (b.source?.includes('PXE') === true) return EXTENDED.bootOptions(1);
  if (b.source?.includes('Hard-drive') === true) return EXTENDED.bootOptions(2);
  if (b.source?.includes('CD/DVD') === true) return EXTENDED.bootOptions(5);
  return EXTENDED.bootOptions(0);
}

/**
 * Records an accepted RequestPowerStateChange: the remote-control audit record (with the boot
 * options when the host boots) and, when it booted, what the BIOS reports on the way up.
 */
export function recordPowerChange(
  state: DeviceState,
  requested: number,
  booted: boolean,
  requester: Requester,
  nowMs: number,
): void {
  const name = POWER_AUDIT[requested];
  if (name !== undefined) audit(state, name, requester, nowMs, booted ? bootOptionBytes(state) : []);
  if (!booted) return;
  const b = state.lastBoot;
  const into = b?.biosSetup === true ? 'setup' : b?.source?.includes('PXE') === true ? 'network' : 'os';
  appendEvents(state.eventLog, bootSequence(deviceSeconds(state, nowMs), into));
}

/** The management console's address: .253 of the subnet of the device's addressed port. */
function consoleAddress(state: DeviceState): string {
  const ip = state.inventory.wired.ipAddress ?? state.inventory.wireless.ipAddress ?? '10.0.0.2';
  return ip.replace(/\.\d+$/, '.253');
}

/** The firmware version as the four numbers of a Firmware Updated record. */
function versionWords(state: DeviceState): number[] {
  const [major = 0, minor = 0, micro = 0] = state.amtVersion.split('.').map((p) => Number.parseInt(p, 10) || 0);
  return [major, minor, micro, Number.parseInt(state.build, 10) || 0];
}

const DAY = 86_400;

/** The seeded audit history, oldest first. */
function seedAudit(state: DeviceState, rnd: () => number, o: HistoryOptions): AuditRecord[] {
  const admin: AuditInitiator = { kind: 'digest', user: state.admin.active.user };
  const local: AuditInitiator = { kind: 'local' };
  const at = consoleAddress(state);
  const out: AuditRecord[] = [];
  const tProv = o.until - randomInt(rnd, 60, 400) * DAY;
  const [major = 0, minor = 0, micro = 0, build = 0] = versionWords(state);
  const older = [major, minor, Math.max(0, micro - randomInt(rnd, 2, 9)), Math.max(1, build - randomInt(rnd, 40, 400))];
  if (rnd() < 0.6) {
    const ext = EXTENDED.firmwareUpdated(older, versionWords(state));
    out.push(auditOf('firmwareUpdated', local, tProv - randomInt(rnd, 1, 30) * DAY, null, ext));
  }
  // A device that was never provisioned remembers at most its firmware update.
  if (state.provisioningState !== 2) return out.slice(0, o.auditRecords ?? out.length);
  if (state.controlMode === 2) {
    const root = [...Buffer.from(DEFAULT_TRUSTED_ROOT_HASHES[0]?.hex ?? '', 'hex')];
    out.push(auditOf('provisioningStarted', local, tProv - 120, null));
    const fqdn = `rps.${state.domainName}`;
    out.push(auditOf('provisioningCompleted', admin, tProv, at, EXTENDED.provisioningCompleted(2, root, fqdn)));
  }
  out.push(auditOf('timeSet', admin, tProv + 30, at, EXTENDED.timeSet(tProv + 30)));
  out.push(auditOf('aclEntryModified', admin, tProv + 60, at, EXTENDED.aclEntryModified(0x02, admin.user)));
  if (o.tls) out.push(auditOf('tlsStateChanged', admin, tProv + 90, at, EXTENDED.tlsState(1, 0)));
  if (rnd() < 0.5) out.push(auditOf('aclEntryAdded', admin, tProv + DAY, at, EXTENDED.aclEntry('helpdesk')));
  const wanted = o.auditRecords ?? randomInt(rnd, 14, 36);
  // Day-to-day remote work after provisioning, spread evenly up to an hour before `until`.
  const items: Array<(t: number, room: number) => AuditRecord[]> = [];
  const consent = state.controlMode === 1;
  let count = out.length;
  while (count < wanted) {
    const need = wanted - count;
    // A pair (or a consent, KVM pair) only when it fits, so the count comes out exact.
    const roll = need >= (consent ? 3 : 2) ? rnd() : rnd() * 0.5;
    const boot = (['powerUp', 'reset', 'powerCycle'] as const)[randomInt(rnd, 0, 2)] ?? 'powerUp';
    const pxe = rnd() < 0.2 ? 1 : 0;
    // Sessions last one minute to an hour and a half, never into the next item.
    const minutes = (room: number): number => Math.floor(60 + rnd() * Math.min(room, 5400));
    if (roll < 0.35) {
      items.push((t) => [auditOf(boot, admin, t, at, EXTENDED.bootOptions(pxe))]);
      count += 1;
    } else if (roll < 0.5) {
      items.push((t) => [auditOf('powerDown', admin, t, at)]);
      count += 1;
    } else if (roll < 0.75) {
      items.push((t, room) => [
        ...(consent ? [auditOf('consentCodeSent', admin, t - 30, at, EXTENDED.consent(0))] : []),
        auditOf('kvmSessionStarted', admin, t, at),
        auditOf('kvmSessionEnded', admin, t + minutes(room), at),
      ]);
      count += consent ? 3 : 2;
    } else if (roll < 0.9) {
      items.push((t, room) => [
        auditOf('solSessionOpened', admin, t, at),
        auditOf('solSessionClosed', admin, t + minutes(room), at),
      ]);
      count += 2;
    } else {
      items.push((t) => [auditOf('timeSet', admin, t, at, EXTENDED.timeSet(t))]);
      count += 1;
    }
  }
  const first = tProv + 2 * DAY;
  const step = Math.max(600, (o.until - 3600 - first) / (items.length + 1));
  items.forEach((make, k) => out.push(...make(Math.floor(first + step * (k + 1)), step / 3)));
  // Fewer wanted than the provisioning records themselves: keep the oldest.
  return out.slice(0, wanted);
}

/** Fills a new device's event and audit logs from its seed. */
export function seedHistory(state: DeviceState, o: HistoryOptions): void {
  const rnd = seededRandom((o.seed ^ 0x10e5a17) >>> 0);
  const events = o.eventRecords ?? randomInt(rnd, 12, 48);
  state.eventLog = [];
  appendEvents(state.eventLog, seedEventLog(rnd, o.until, events));
  state.auditLog = [];
  for (const r of seedAudit(state, rnd, o)) appendAudit(state.auditLog, r);
}
