import { ScheduleSpecSchema, type ScheduleSpec } from '../../../shared/schedule';

/** What the schedule editor's fields hold while a person types. */
export interface SpecForm {
  type: 'none' | 'dates' | 'recurring';
  /** Date Specific: the chosen days (YYYY-MM-DD) sharing one time. */
  dates: string[];
  every: 'daily' | 'weekly' | 'monthly';
  weekdays: number[];
  dayOfMonth: string;
  time: string;
  from: string;
  until: string;
}

/** Field name → message, shown next to the field. */
export type SpecErrors = Partial<Record<'dates' | 'weekdays' | 'dayOfMonth' | 'time' | 'from' | 'until', string>>;

/** The fields for a new schedule: recurring, weekly on Monday, at 07:00. */
export function emptyForm(): SpecForm {
  return {
    type: 'recurring',
    dates: [],
    every: 'weekly',
    weekdays: [1],
    dayOfMonth: '1',
    time: '07:00',
    from: '',
    until: '',
  };
}

/** The fields showing an existing schedule. Date Specific dates all take the first date's time. */
export function formFromSpec(spec: ScheduleSpec): SpecForm {
  const form = emptyForm();
  if (spec.type === 'none') return { ...form, type: 'none' };
  if (spec.type === 'dates') {
    return {
      ...form,
      type: 'dates',
      dates: [...new Set(spec.dates.map((d) => d.slice(0, 10)))],
      time: spec.dates[0]?.slice(11) ?? form.time,
    };
  }
  return {
    ...form,
    type: 'recurring',
    every: spec.every,
    weekdays: spec.weekdays ?? form.weekdays,
    dayOfMonth: String(spec.dayOfMonth ?? 1),
    time: spec.time,
    from: spec.from ?? '',
    until: spec.until ?? '',
  };
}

/** True when a Date Specific schedule's dates had different times (the editor would unify them). */
export function hasMixedTimes(spec: ScheduleSpec): boolean {
  return spec.type === 'dates' && new Set(spec.dates.map((d) => d.slice(11))).size > 1;
}

function raw(form: SpecForm): unknown {
  if (form.type === 'none') return { type: 'none' };
  if (form.type === 'dates') return { type: 'dates', dates: [...form.dates].sort().map((d) => `${d}T${form.time}`) };
  return {
    type: 'recurring',
    every: form.every,
    time: form.time,
    ...(form.every === 'weekly' ? { weekdays: [...form.weekdays].sort((a, b) => a - b) } : {}),
    ...(form.every === 'monthly' ? { dayOfMonth: Number(form.dayOfMonth) } : {}),
    ...(form.from ? { from: form.from } : {}),
    ...(form.until ? { until: form.until } : {}),
  };
}

/** Checks the fields with the shared schema; a spec when valid, otherwise a message per field. */
export function specFromForm(form: SpecForm): { spec: ScheduleSpec } | { errors: SpecErrors } {
  if (form.type === 'dates' && form.dates.length === 0) return { errors: { dates: 'Add at least one date.' } };
  if (form.type !== 'none' && !/^\d{2}:\d{2}$/.test(form.time)) return { errors: { time: 'Enter a time.' } };
  if (form.type === 'recurring' && form.every === 'monthly' && !/^\d{1,2}$/.test(form.dayOfMonth)) {
    return { errors: { dayOfMonth: 'Enter a day of the month from 1 to 31.' } };
  }
  const checked = ScheduleSpecSchema.safeParse(raw(form));
  if (checked.success) return { spec: checked.data };
  const errors: SpecErrors = {};
  for (const issue of checked.error.issues) {
    const field = issue.path[0];
    const key = (field === 'dates' ? 'dates' : typeof field === 'string' ? field : 'time') as keyof SpecErrors;
    errors[key] ??= issue.message;
  }
  return { errors };
}
