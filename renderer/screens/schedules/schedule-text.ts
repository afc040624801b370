import { POWER_STATE_LABELS, type PowerState, type ScheduleLevel, type ScheduleSpec } from '../../../shared/schedule';

/** Weekday names, 0 Sunday to 6 Saturday (the schedule spec's numbering). */
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** The seed's order of the states in the Add menu. */
export const POWER_STATES: readonly PowerState[] = ['on', 'off', 'reset', 'cycle'];

/** The seed's label of a power state. */
export function stateLabel(state: PowerState): string {
  return POWER_STATE_LABELS[state];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant in the workstation's local time, "2025-06-30 07:30". */
export function localText(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The short weekday of an instant in local time, "Mon". */
export function weekdayText(iso: string): string {
  return WEEKDAYS[new Date(iso).getDay()]!.slice(0, 3);
}

/** The seed's schedule type names. */
export function typeLabel(spec: ScheduleSpec): string {
  if (spec.type === 'none') return 'No Schedule';
  if (spec.type === 'dates') return 'Date Specific';
  return 'Recurring';
}

function ordinal(n: number): string {
  const rest = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${rest}`;
}

/** When a schedule fires, in words: "Weekly on Mon, Wed at 07:30 from 2025-01-01". */
export function whenText(spec: ScheduleSpec): string {
  if (spec.type === 'none') return 'Never (kept but not triggered)';
  if (spec.type === 'dates') {
    const shown = spec.dates.slice(0, 3).map((d) => d.replace('T', ' '));
    return spec.dates.length > 3 ? `${shown.join(', ')} and ${spec.dates.length - 3} more` : shown.join(', ');
  }
  const every =
    spec.every === 'daily'
      ? 'Daily'
      : spec.every === 'weekly'
        ? `Weekly on ${(spec.weekdays ?? []).map((d) => WEEKDAYS[d]!.slice(0, 3)).join(', ')}`
        : `Monthly on the ${ordinal(spec.dayOfMonth ?? 1)}`;
  const bounds = [spec.from ? `from ${spec.from}` : '', spec.until ? `until ${spec.until}` : ''].filter(Boolean);
  return [`${every} at ${spec.time}`, ...bounds].join(' ');
}

/** The level selector's value for a level: "zone", "folder:<id>" or "device:<id>". */
export function levelKey(level: ScheduleLevel): string {
  if (level.kind === 'zone') return 'zone';
  return level.kind === 'folder' ? `folder:${level.folderId}` : `device:${level.deviceId}`;
}

/** The level for a selector value (the inverse of levelKey). */
export function levelFromKey(key: string): ScheduleLevel {
  if (key.startsWith('folder:')) return { kind: 'folder', folderId: key.slice(7) };
  if (key.startsWith('device:')) return { kind: 'device', deviceId: key.slice(7) };
  return { kind: 'zone' };
}

/** True when a schedule is defined at exactly this level. */
export function sameLevel(a: ScheduleLevel, b: ScheduleLevel): boolean {
  return levelKey(a) === levelKey(b);
}
