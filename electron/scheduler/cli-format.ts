/** Text the `outband schedule` commands print: tables, levels, run reports, history. */
import type { Device } from '../../shared/domain/device';
import { folderPath, type Folder } from '../../shared/domain/folder';
import type { ScheduleHistoryEntry, ScheduleLevel } from '../../shared/schedule';
import type { RunReport } from './run-due';
import { formatTable } from '../cli/output';
import { formatLocal } from './spec-input';

/** The devices and folders names are looked up in. */
export interface Inventory {
  devices: Device[];
  folders: Folder[];
}

/** "zone", "folder Site A/Floor 2" or "device pc1"; deleted targets say so. */
export function levelText(level: ScheduleLevel, inv: Inventory): string {
  if (level.kind === 'zone') return 'zone';
  if (level.kind === 'folder') {
    return inv.folders.some((f) => f.id === level.folderId)
      ? `folder ${folderPath(inv.folders, level.folderId)}`
      : `folder (deleted ${level.folderId})`;
  }
  const device = inv.devices.find((d) => d.id === level.deviceId);
  return device ? `device ${device.name}` : `device (deleted ${level.deviceId})`;
}

/**
 * What to do when run-due runs where no keychain answers (a server, cron, a systemd timer): the
 * passwords are only in the OS keychain, so it must run in a session with one unlocked.
 */
export const HEADLESS_HINT =
  'The OS keychain did not answer, so no device password could be read. Without a desktop session, run run-due inside ' +
  '"dbus-run-session" with gnome-keyring-daemon unlocked from a protected password file (README: "Scheduled power without a desktop").';

/** A plain left-aligned table with a header row (the CLI's one table layout). */
export const table = formatTable;

/** Devices are named in reports; one that was deleted meanwhile is shown by the start of its id. */
const byId = (id: string) => `(deleted device ${id.slice(0, 8)})`;

/** One line per missed or run firing, and one per failed device, named by `nameOf`. */
export function reportText(r: RunReport, nameOf: (deviceId: string) => string = byId): string {
  const lines = r.missed.map(
    (m) =>
      `missed   ${formatLocal(m.firing.at)}  ${m.firing.scheduleId.slice(0, 8)}  ${m.firing.powerState}  ${m.deviceIds.length} device(s)`,
  );
  for (const e of r.executed) {
    const ok = e.results.filter((x) => x.ok).length;
    lines.push(
      `ran      ${formatLocal(e.firing.at)}  ${e.firing.scheduleId.slice(0, 8)}  ${e.firing.powerState}  ${ok}/${e.results.length} ok`,
    );
    for (const x of e.results.filter((y) => !y.ok))
      lines.push(`  failed ${nameOf(x.deviceId)}: ${x.message ?? ''} (${x.code ?? 'unknown'})`);
  }
  if (lines.length === 0) lines.push('Nothing was due.');
  const noKeychain = r.executed.some((e) => e.results.some((x) => x.code === 'vault.keychain-unavailable'));
  if (noKeychain) lines.push(HEADLESS_HINT);
  return lines.join('\n');
}

/** One line per history entry, oldest first. */
export function historyText(entries: readonly ScheduleHistoryEntry[], nameOf: (deviceId: string) => string): string {
  if (entries.length === 0) return 'No schedule history.';
  const rows = entries.map((e) => [
    formatLocal(new Date(e.at)),
    e.scheduleId.slice(0, 8),
    e.powerState,
    nameOf(e.deviceId),
    e.outcome,
    e.code && e.outcome !== 'ok' ? e.code : '',
  ]);
  return table(['DUE', 'SCHEDULE', 'STATE', 'DEVICE', 'OUTCOME', 'CODE'], rows);
}
