import { describe, expect, it } from 'vitest';
import {
  cronPattern,
  firingsBetween,
  nextFirings,
  PowerScheduleSchema,
  RecurringSpecSchema,
} from '../../../shared/schedule';
import { schedule } from './fixtures';

const UTC = 'UTC';
const iso = (dates: { at: Date }[]) => dates.map((f) => f.at.toISOString());

describe('recurrence rules (explicit UTC zone)', () => {
  it('monthly on day 31 skips months without a 31st', () => {
    const monthly = schedule('m', { type: 'recurring', every: 'monthly', dayOfMonth: 31, time: '09:00' });
    expect(iso(nextFirings([monthly], new Date('2025-01-01T00:00:00Z'), 4, UTC))).toEqual([
      '2025-01-31T09:00:00.000Z',
      '2025-03-31T09:00:00.000Z',
      '2025-05-31T09:00:00.000Z',
      '2025-07-31T09:00:00.000Z',
    ]);
  });

  it('monthly on day 29 skips February except in leap years', () => {
    const monthly = schedule('m', { type: 'recurring', every: 'monthly', dayOfMonth: 29, time: '06:00' });
    const common = firingsBetween([monthly], new Date('2025-01-30T00:00:00Z'), new Date('2025-03-30T00:00:00Z'), UTC);
    expect(iso(common)).toEqual(['2025-03-29T06:00:00.000Z']);
    const leap = firingsBetween([monthly], new Date('2028-01-30T00:00:00Z'), new Date('2028-03-30T00:00:00Z'), UTC);
    expect(iso(leap)).toEqual(['2028-02-29T06:00:00.000Z', '2028-03-29T06:00:00.000Z']);
  });

  it('weekly fires only on the chosen weekdays', () => {
    const weekly = schedule('w', { type: 'recurring', every: 'weekly', weekdays: [3, 1], time: '18:45' });
    const got = nextFirings([weekly], new Date('2025-01-01T00:00:00Z'), 5, UTC);
    expect(got.map((f) => f.at.getUTCDay())).toEqual([3, 1, 3, 1, 3]);
    expect(iso(got)[0]).toBe('2025-01-01T18:45:00.000Z');
    expect(cronPattern({ type: 'recurring', every: 'weekly', weekdays: [3, 1, 1], time: '18:45' })).toBe(
      '45 18 * * 1,3',
    );
  });

  it('includes a firing exactly at `from` in nextFirings but excludes `after` in firingsBetween', () => {
    const daily = schedule('d', { type: 'recurring', every: 'daily', time: '09:00' });
    const at = new Date('2025-01-01T09:00:00Z');
    expect(iso(nextFirings([daily], at, 1, UTC))).toEqual(['2025-01-01T09:00:00.000Z']);
    expect(iso(firingsBetween([daily], at, new Date('2025-01-02T09:00:00Z'), UTC))).toEqual([
      '2025-01-02T09:00:00.000Z',
    ]);
  });

  it('never fires a "none" or disabled schedule, and merges the rest in execution order', () => {
    const none = schedule('n', { type: 'none' });
    const off = schedule('x', { type: 'recurring', every: 'daily', time: '09:00' }, { enabled: false });
    const b = schedule(
      'b',
      { type: 'dates', dates: ['2025-01-01T09:00'] },
      { level: { kind: 'folder', folderId: 'f' } },
    );
    const a = schedule(
      'a',
      { type: 'dates', dates: ['2025-01-01T09:00'] },
      { level: { kind: 'folder', folderId: 'f' } },
    );
    const z = schedule('z', { type: 'dates', dates: ['2025-01-01T09:00', '2025-01-01T08:00'] });
    const got = nextFirings([none, off, b, a, z], new Date('2025-01-01T00:00:00Z'), 10, UTC);
    expect(got.map((f) => `${f.at.getUTCHours()}:${f.scheduleId}`)).toEqual(['8:z', '9:z', '9:a', '9:b']);
  });

  it('bounds firingsBetween by its limit', () => {
    const daily = schedule('d', { type: 'recurring', every: 'daily', time: '09:00' });
    const got = firingsBetween([daily], new Date('2020-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'), UTC, 3);
    expect(got).toHaveLength(3);
  });
});

describe('schedule schema', () => {
  it('rejects inconsistent recurring specs with readable reasons', () => {
    const bad = [
      { type: 'recurring', every: 'weekly', time: '09:00' },
      { type: 'recurring', every: 'daily', time: '09:00', weekdays: [1] },
      { type: 'recurring', every: 'monthly', time: '09:00' },
      { type: 'recurring', every: 'monthly', dayOfMonth: 32, time: '09:00' },
      { type: 'recurring', every: 'daily', time: '24:00' },
      { type: 'recurring', every: 'daily', time: '09:00', from: '2025-02-30' },
      { type: 'recurring', every: 'daily', time: '09:00', from: '2025-03-02', until: '2025-03-01' },
    ];
    for (const spec of bad) expect(RecurringSpecSchema.safeParse(spec).success, JSON.stringify(spec)).toBe(false);
    expect(
      RecurringSpecSchema.safeParse({ type: 'recurring', every: 'monthly', dayOfMonth: 31, time: '23:59' }).success,
    ).toBe(true);
  });

  it('rejects a date with an offset (dates are local wall-clock times) and an unknown power state', () => {
    const base = schedule('s', { type: 'none' });
    expect(
      PowerScheduleSchema.safeParse({ ...base, schedule: { type: 'dates', dates: ['2025-01-01T09:00Z'] } }).success,
    ).toBe(false);
    expect(PowerScheduleSchema.safeParse({ ...base, powerState: 'sleep' }).success).toBe(false);
    expect(PowerScheduleSchema.parse(base)).toEqual(base);
  });
});
