// Time zone first: Date's local methods and croner read TZ when they first need it.
process.env.TZ = 'Europe/Berlin';

import { describe, expect, it } from 'vitest';
import { firingsBetween, nextFirings } from '../../../shared/schedule';
import { schedule } from './fixtures';

const iso = (dates: { at: Date }[]) => dates.map((f) => f.at.toISOString());

describe('recurrence in the workstation time zone (Europe/Berlin)', () => {
  it('is really running in Berlin time', () => {
    // 1 July is summer time: UTC+2.
    expect(new Date(2025, 6, 1, 12, 0).toISOString()).toBe('2025-07-01T10:00:00.000Z');
  });

  it('keeps 07:00 local across the spring change (the UTC time moves by an hour)', () => {
    const daily = schedule('d', { type: 'recurring', every: 'daily', time: '07:00' });
    expect(iso(nextFirings([daily], new Date('2025-03-29T00:00:00Z'), 3))).toEqual([
      '2025-03-29T06:00:00.000Z', // CET, UTC+1
      '2025-03-30T05:00:00.000Z', // CEST, UTC+2
      '2025-03-31T05:00:00.000Z',
    ]);
  });

  it('fires a time skipped by the spring change at the first minute after the gap', () => {
    const daily = schedule('d', { type: 'recurring', every: 'daily', time: '02:30' });
    const got = nextFirings([daily], new Date('2025-03-29T12:00:00Z'), 2);
    expect(iso(got)).toEqual(['2025-03-30T01:00:00.000Z', '2025-03-31T00:30:00.000Z']);
    expect(got[0].at.getHours()).toBe(3);
    expect(got[0].at.getMinutes()).toBe(0);
  });

  it('fires a time repeated by the autumn change once, at its first (summer-time) occurrence', () => {
    const daily = schedule('d', { type: 'recurring', every: 'daily', time: '02:30' });
    const got = firingsBetween([daily], new Date('2025-10-25T12:00:00Z'), new Date('2025-10-27T12:00:00Z'));
    expect(iso(got)).toEqual(['2025-10-26T00:30:00.000Z', '2025-10-27T01:30:00.000Z']);
  });

  it('treats specific dates as local wall-clock times, gap rule included', () => {
    const once = schedule('o', { type: 'dates', dates: ['2025-03-30T02:30', '2025-07-01T09:15', '2025-01-10T09:15'] });
    expect(iso(nextFirings([once], new Date('2025-01-01T00:00:00Z'), 10))).toEqual([
      '2025-01-10T08:15:00.000Z',
      '2025-03-30T01:00:00.000Z',
      '2025-07-01T07:15:00.000Z',
    ]);
  });

  it('reads from/until as local days, both inclusive', () => {
    const bounded = schedule('b', {
      type: 'recurring',
      every: 'daily',
      time: '00:30',
      from: '2025-06-02',
      until: '2025-06-04',
    });
    expect(iso(nextFirings([bounded], new Date('2025-01-01T00:00:00Z'), 10))).toEqual([
      '2025-06-01T22:30:00.000Z',
      '2025-06-02T22:30:00.000Z',
      '2025-06-03T22:30:00.000Z',
    ]);
  });

  it('can compute in an explicit zone other than the local one', () => {
    const daily = schedule('d', { type: 'recurring', every: 'daily', time: '02:30' });
    const got = nextFirings([daily], new Date('2025-03-08T12:00:00Z'), 2, 'America/New_York');
    // New York springs forward on 9 March: 02:30 does not exist and becomes 03:00 EDT.
    expect(iso(got)).toEqual(['2025-03-09T07:00:00.000Z', '2025-03-10T06:30:00.000Z']);
  });
});
