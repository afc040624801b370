/** Turning what a person types (CLI flags) into schedule values, and schedule values back into text. */
import { OutbandError } from '../../shared/errors';
import {
  LocalDateSchema,
  LocalDateTimeSchema,
  LocalTimeSchema,
  POWER_STATE_LABELS,
  PowerStateSchema,
  type PowerState,
  type ScheduleSpec,
} from '../../shared/schedule';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The choices behind `schedule add`: exactly one of once/daily/weekly/monthly/none. */
export interface SpecFlags {
  once?: string;
  daily?: boolean;
  weekly?: string;
  monthly?: string;
  none?: boolean;
  at?: string;
  from?: string;
  until?: string;
}

function invalid(message: string): OutbandError {
  return new OutbandError('schedule.invalid', message);
}

/** Parses "mon,wed" (names, 3-letter or longer, or numbers 0-6 with 0 Sunday) into weekday numbers. */
export function parseWeekdays(text: string): number[] {
  const days = text.split(',').map((part) => {
    const p = part.trim().toLowerCase();
    if (/^[0-6]$/.test(p)) return Number(p);
    const i = p.length >= 3 ? WEEKDAY_NAMES.findIndex((name) => name.startsWith(p)) : -1;
    if (i < 0) throw invalid(`"${part.trim()}" is not a weekday; use sun, mon, tue, wed, thu, fri, sat.`);
    return i;
  });
  return [...new Set(days)].sort((a, b) => a - b);
}

/** Weekday numbers back to "mon,wed". */
export function formatWeekdays(days: readonly number[]): string {
  return days.map((d) => WEEKDAYS[d]).join(',');
}

/** A power state from "on", "off", "reset" or "cycle". */
export function parsePowerState(text: string): PowerState {
  const checked = PowerStateSchema.safeParse(text.trim().toLowerCase());
  if (!checked.success) throw invalid(`"${text}" is not a schedulable power state; use on, off, reset or cycle.`);
  return checked.data;
}

function checkTime(text: string): string {
  if (!LocalTimeSchema.safeParse(text).success) throw invalid(`"${text}" is not a time; use HH:MM, 24-hour.`);
  return text;
}

function checkDate(text: string, what: string): string {
  if (!LocalDateSchema.safeParse(text).success) throw invalid(`${what} "${text}" is not a date; use YYYY-MM-DD.`);
  return text;
}

/** One --once value: "YYYY-MM-DDTHH:MM", "YYYY-MM-DD HH:MM", or a bare date taking --at's time. */
function parseOnce(text: string, at: string | undefined): string {
  const t = text.trim().replace(' ', 'T');
  const value = /^\d{4}-\d{2}-\d{2}$/.test(t) && at ? `${t}T${checkTime(at)}` : t;
  if (!LocalDateTimeSchema.safeParse(value).success) {
    throw invalid(`"${text}" is not a local date and time; use YYYY-MM-DDTHH:MM (or a date with --at).`);
  }
  return value;
}

/** Builds a ScheduleSpec from `schedule add` flags, with a clear error for each misuse. */
export function specFromFlags(f: SpecFlags): ScheduleSpec {
  const chosen = [f.once !== undefined, !!f.daily, f.weekly !== undefined, f.monthly !== undefined, !!f.none].filter(
    Boolean,
  ).length;
  if (chosen !== 1) throw invalid('Choose exactly one of --once, --daily, --weekly, --monthly or --none.');
  if (f.none || f.once !== undefined) {
    if (f.from !== undefined || f.until !== undefined)
      throw invalid('--from and --until apply only to --daily, --weekly and --monthly.');
  }
  if (f.none) return { type: 'none' };
  if (f.once !== undefined) {
    const dates = f.once
      .split(',')
      .filter((s) => s.trim() !== '')
      .map((s) => parseOnce(s, f.at));
    if (dates.length === 0) throw invalid('--once needs at least one date and time.');
    return { type: 'dates', dates: [...new Set(dates)].sort() };
  }
  if (f.at === undefined) throw invalid('A recurring schedule needs --at HH:MM.');
  const base = {
    type: 'recurring' as const,
    time: checkTime(f.at),
    ...(f.from !== undefined ? { from: checkDate(f.from, '--from') } : {}),
    ...(f.until !== undefined ? { until: checkDate(f.until, '--until') } : {}),
  };
  if (base.from && base.until && base.until < base.from) throw invalid('--until is before --from.');
  if (f.daily) return { ...base, every: 'daily' };
  if (f.weekly !== undefined) return { ...base, every: 'weekly', weekdays: parseWeekdays(f.weekly) };
  const day = Number(f.monthly);
  if (!/^\d{1,2}$/.test(f.monthly ?? '') || day < 1 || day > 31)
    throw invalid(`--monthly "${f.monthly}" is not a day of the month (1-31).`);
  return { ...base, every: 'monthly', dayOfMonth: day };
}

/** A short readable description, e.g. "weekly mon,wed at 07:00". */
export function describeSpec(spec: ScheduleSpec): string {
  if (spec.type === 'none') return 'no schedule (never fires)';
  if (spec.type === 'dates') return `once at ${spec.dates.map((d) => d.replace('T', ' ')).join(', ')}`;
  const when =
    spec.every === 'daily'
      ? 'daily'
      : spec.every === 'weekly'
        ? `weekly ${formatWeekdays(spec.weekdays ?? [])}`
        : `monthly on day ${spec.dayOfMonth}${(spec.dayOfMonth ?? 0) > 28 ? ' (months without it are skipped)' : ''}`;
  const bounds = [spec.from ? `from ${spec.from}` : '', spec.until ? `until ${spec.until}` : '']
    .filter(Boolean)
    .join(' ');
  return `${when} at ${spec.time}${bounds ? ` ${bounds}` : ''}`;
}

/** The seed's label for a state, e.g. "Power Cycle Reset". */
export function powerStateLabel(state: PowerState): string {
  return POWER_STATE_LABELS[state];
}

/**
 * A moment typed by a person: a local "YYYY-MM-DDTHH:MM[:SS]" (or with a space) in this
 * workstation's zone, or a full ISO 8601 instant with Z or an offset.
 */
export function parseMoment(text: string): Date {
  const t = text.trim().replace(' ', 'T');
  const local = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (local) {
    const [y, mo, d, h, mi, s] = local.slice(1).map((v) => Number(v ?? 0));
    const date = new Date(y, mo - 1, d, h, mi, s);
    if (date.getMonth() === mo - 1 && date.getDate() === d) return date;
  } else if (/[zZ]|[+-]\d{2}:?\d{2}$/.test(t)) {
    const ms = Date.parse(t);
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  throw invalid(`"${text}" is not a date and time; use YYYY-MM-DDTHH:MM (local) or an ISO time with an offset.`);
}

/** A moment in this workstation's local time with its offset, e.g. "2025-03-30 03:00 +02:00". */
export function formatLocal(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const off = -at.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())} ${p(at.getHours())}:${p(at.getMinutes())} ${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`;
}
