import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutbandError } from '../../../shared/errors';
import type { PowerSchedule, PowerState } from '../../../shared/schedule';
import {
  JsonScheduleRepository,
  Scheduler,
  type DeviceResult,
  type PowerExecutor,
  type RunReport,
} from '../../../electron/scheduler';
import { FakeClock } from './fake-clock';
import { schedule } from './fixtures';

interface Dev {
  id: string;
  folderId: string | null;
}
const devices: Dev[] = [
  { id: 'pc-1', folderId: null },
  { id: 'pc-2', folderId: 'lab' },
  { id: 'pc-3', folderId: 'lab' },
];
const folders = [{ id: 'lab', parentId: null }];

interface Call {
  at: string;
  deviceIds: string[];
  powerState: PowerState;
}

/** The boundary: records what the scheduler asked for and answers like the AMT layer would. */
function recordingExecutor(calls: Call[], clock: FakeClock, fail: Set<string> = new Set()): PowerExecutor<Dev> {
  return async (list, powerState) => {
    calls.push({ at: clock.now().toISOString(), deviceIds: list.map((d) => d.id), powerState });
    return list.map((d): DeviceResult =>
      fail.has(d.id)
        ? { deviceId: d.id, ok: false, code: 'wsman.unreachable', message: 'No answer.' }
        : { deviceId: d.id, ok: true },
    );
  };
}

let dir: string;
let repo: JsonScheduleRepository;
let calls: Call[];
let reports: RunReport[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-sched-'));
  repo = new JsonScheduleRepository(dir);
  calls = [];
  reports = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function seed(
  schedules: PowerSchedule[],
  lastCheckedAt: string | null,
  overrides = { folders: [] as string[], devices: [] as string[] },
) {
  await repo.updateSchedules((doc) => {
    doc.schedules = schedules;
    doc.overrides = overrides;
  });
  if (lastCheckedAt !== null) await repo.writeLastCheckedAt(new Date(lastCheckedAt));
}

function makeScheduler(
  clock: FakeClock,
  executor: PowerExecutor<Dev> = recordingExecutor(calls, clock),
  pollMs = 6 * 3_600_000,
) {
  return new Scheduler<Dev>({
    pollMs,
    repository: repo,
    devices: { load: async () => ({ devices, folders }) },
    executor,
    clock,
    timeZone: 'UTC',
    onEvent: (e) => {
      if (e.type === 'run') reports.push(e.report);
    },
  });
}

const daily0700 = schedule('daily-on', { type: 'recurring', every: 'daily', time: '07:00' });

describe('Scheduler against a fake clock', () => {
  it('fires a due schedule once, at its time, over its devices, and logs each device', async () => {
    await seed([daily0700], '2025-05-01T06:00:00.000Z');
    const clock = new FakeClock(Date.parse('2025-05-01T06:30:00Z'));
    const s = makeScheduler(clock, recordingExecutor(calls, clock, new Set(['pc-2'])));
    const first = await s.start();
    expect(first.missed).toEqual([]);
    await clock.advanceTo(new Date('2025-05-01T06:59:59Z'), () => s.idle());
    expect(calls).toEqual([]);
    await clock.advanceTo(new Date('2025-05-02T06:59:00Z'), () => s.idle());
    expect(calls).toEqual([{ at: '2025-05-01T07:00:00.000Z', deviceIds: ['pc-1', 'pc-2', 'pc-3'], powerState: 'on' }]);
    await clock.advanceTo(new Date('2025-05-02T07:00:00Z'), () => s.idle());
    expect(calls.map((c) => c.at)).toEqual(['2025-05-01T07:00:00.000Z', '2025-05-02T07:00:00.000Z']);
    await s.stop();
    expect(clock.pending).toBe(0);

    const history = await repo.readHistory();
    const day1 = history.entries.filter((e) => e.at === '2025-05-01T07:00:00.000Z');
    expect(day1.map((e) => [e.deviceId, e.outcome, e.code])).toEqual([
      ['pc-1', 'ok', undefined],
      ['pc-2', 'failed', 'wsman.unreachable'],
      ['pc-3', 'ok', undefined],
    ]);
    expect(day1.every((e) => e.scheduleId === 'daily-on' && e.powerState === 'on')).toBe(true);
    expect((await repo.readLastCheckedAt())?.toISOString()).toBe('2025-05-02T07:00:00.000Z');
  });

  it('picks up a schedule another process added while it waits, within one poll interval', async () => {
    await seed([], '2025-05-01T06:00:00.000Z');
    const clock = new FakeClock(Date.parse('2025-05-01T06:00:00Z'));
    const s = makeScheduler(clock, recordingExecutor(calls, clock), 60_000);
    await s.start();
    await repo.updateSchedules(
      (doc) =>
        void doc.schedules.push(
          schedule('later', { type: 'dates', dates: ['2025-05-01T06:10'] }, { powerState: 'cycle' }),
        ),
    );
    await clock.advanceTo(new Date('2025-05-01T06:15:00Z'), () => s.idle());
    await s.stop();
    expect(calls).toEqual([
      { at: '2025-05-01T06:10:00.000Z', deviceIds: ['pc-1', 'pc-2', 'pc-3'], powerState: 'cycle' },
    ]);
  });

  it('records firings missed while Outband was not running and does not run them', async () => {
    await seed([daily0700, schedule('none', { type: 'none' })], '2025-05-01T06:00:00.000Z');
    const clock = new FakeClock(Date.parse('2025-05-03T07:01:00Z'));
    const s = makeScheduler(clock);
    const report = await s.start();
    await s.stop();
    expect(calls).toEqual([]);
    expect(report.missed.map((m) => m.firing.at.toISOString())).toEqual([
      '2025-05-01T07:00:00.000Z',
      '2025-05-02T07:00:00.000Z',
      '2025-05-03T07:00:00.000Z',
    ]);
    const history = await repo.readHistory();
    expect(history.entries).toHaveLength(9);
    expect(new Set(history.entries.map((e) => e.outcome))).toEqual(new Set(['missed']));
    expect(history.entries[0]).toMatchObject({
      deviceId: 'pc-1',
      code: 'schedule.missed',
      recordedAt: '2025-05-03T07:01:00.000Z',
    });
    expect((await repo.readLastCheckedAt())?.toISOString()).toBe('2025-05-03T07:01:00.000Z');

    // A second start right after finds nothing new: misses are reported once.
    const again = await makeScheduler(clock).start();
    expect(again.missed).toEqual([]);
    expect((await repo.readHistory()).entries).toHaveLength(9);
  });

  it('on the very first launch runs nothing that was due before it started', async () => {
    // No marker yet; a firing two minutes before the app starts, then the first poll a minute later.
    const once = schedule('once', { type: 'dates', dates: ['2025-05-01T06:58', '2025-05-01T07:30'] });
    await seed([once], null);
    const clock = new FakeClock(Date.parse('2025-05-01T07:00:00Z'));
    const s = makeScheduler(clock, recordingExecutor(calls, clock), 60_000);
    const first = await s.start();
    expect(first.executed).toEqual([]);
    expect(first.missed).toEqual([]);
    expect((await repo.readLastCheckedAt())?.toISOString()).toBe('2025-05-01T07:00:00.000Z');
    await clock.advanceTo(new Date('2025-05-01T07:31:00Z'), () => s.idle());
    await s.stop();
    // Only the firing after the start ran.
    expect(calls.map((c) => c.at)).toEqual(['2025-05-01T07:30:00.000Z']);
    expect((await repo.readHistory()).entries.every((e) => e.at === '2025-05-01T07:30:00.000Z')).toBe(true);
  });

  it('treats a firing found too late while running (the machine slept) as missed', async () => {
    await seed([daily0700], '2025-05-01T06:00:00.000Z');
    const clock = new FakeClock(Date.parse('2025-05-01T06:00:00Z'));
    const s = makeScheduler(clock);
    await s.start();
    clock.jumpTo(new Date('2025-05-01T09:00:00Z'));
    await clock.advanceTo(new Date('2025-05-01T09:00:00Z'), () => s.idle());
    await s.stop();
    expect(calls).toEqual([]);
    expect(reports.at(-1)?.missed.map((m) => m.firing.scheduleId)).toEqual(['daily-on']);
  });

  it('runs nothing twice for the same moment and ignores firings before a schedule was last changed', async () => {
    const fresh = { ...daily0700, created: '2025-05-01T07:00:30.000Z', updated: '2025-05-01T07:00:30.000Z' };
    await seed([fresh], '2025-05-01T06:00:00.000Z');
    const clock = new FakeClock(Date.parse('2025-05-01T07:01:00Z'));
    const s = makeScheduler(clock);
    const r1 = await s.runDue(new Date('2025-05-02T07:00:00Z'));
    const r2 = await s.runDue(new Date('2025-05-02T07:00:00Z'));
    expect(r1.missed).toEqual([]);
    expect(r1.executed.map((e) => e.firing.at.toISOString())).toEqual(['2025-05-02T07:00:00.000Z']);
    expect(r2.executed).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('applies inheritance at run time: an overriding folder gets its own schedule, the rest the zone one', async () => {
    const labOff = schedule(
      'lab-off',
      { type: 'recurring', every: 'daily', time: '07:00' },
      { level: { kind: 'folder', folderId: 'lab' }, powerState: 'off' },
    );
    await seed([daily0700, labOff], '2025-05-01T06:00:00.000Z', { folders: ['lab'], devices: [] });
    const clock = new FakeClock(Date.parse('2025-05-01T06:59:00Z'));
    const s = makeScheduler(clock);
    await s.start();
    await clock.advanceTo(new Date('2025-05-01T07:00:00Z'), () => s.idle());
    await s.stop();
    expect(calls.map((c) => [c.powerState, c.deviceIds])).toEqual([
      ['on', ['pc-1']],
      ['off', ['pc-2', 'pc-3']],
    ]);
    expect(reports.at(-1)?.conflicts).toEqual([]);
  });

  it('reports same-minute conflicts and runs them in the documented order (level, then id)', async () => {
    const b = schedule('b-reset', { type: 'dates', dates: ['2025-05-01T07:00'] }, { powerState: 'reset' });
    const a = schedule('a-off', { type: 'dates', dates: ['2025-05-01T07:00'] }, { powerState: 'off' });
    await seed([b, a], '2025-05-01T06:00:00.000Z');
    const clock = new FakeClock(Date.parse('2025-05-01T06:59:00Z'));
    const s = makeScheduler(clock);
    await s.start();
    await clock.advanceTo(new Date('2025-05-01T07:00:00Z'), () => s.idle());
    await s.stop();
    expect(calls.map((c) => c.powerState)).toEqual(['off', 'reset']);
    const conflicts = reports.at(-1)!.conflicts;
    expect(conflicts.map((c) => c.deviceId)).toEqual(['pc-1', 'pc-2', 'pc-3']);
    expect(conflicts[0].firings.map((f) => f.scheduleId)).toEqual(['a-off', 'b-reset']);
  });

  it('logs every device as failed when the executor throws, or reports nothing for a device', async () => {
    await seed([daily0700], '2025-05-01T06:00:00.000Z');
    const clock = new FakeClock(Date.parse('2025-05-01T07:00:00Z'));
    const throwing: PowerExecutor<Dev> = async () => {
      throw new OutbandError('vault.keychain-locked', 'The keychain is locked.');
    };
    await makeScheduler(clock, throwing).runDue();
    const partial: PowerExecutor<Dev> = async function* (list) {
      yield { deviceId: list[0].id, ok: true };
    };
    await makeScheduler(clock, partial).runDue(new Date('2025-05-02T07:00:00Z'));
    const entries = (await repo.readHistory()).entries.map(
      (e) => `${e.at.slice(0, 10)} ${e.deviceId} ${e.outcome} ${e.code ?? ''}`,
    );
    expect(entries).toEqual([
      '2025-05-01 pc-1 failed vault.keychain-locked',
      '2025-05-01 pc-2 failed vault.keychain-locked',
      '2025-05-01 pc-3 failed vault.keychain-locked',
      '2025-05-02 pc-1 ok ',
      '2025-05-02 pc-2 failed schedule.no-result',
      '2025-05-02 pc-3 failed schedule.no-result',
    ]);
  });

  it('stop() cancels a run in progress; the devices not done are logged as cancelled', async () => {
    await seed([daily0700], '2025-05-01T06:00:00.000Z');
    const clock = new FakeClock(Date.parse('2025-05-01T07:00:00Z'));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const slow: PowerExecutor<Dev> = async function* (list, _state, signal) {
      yield { deviceId: list[0].id, ok: true };
      started();
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    };
    const s = makeScheduler(clock, slow);
    const startPromise = s.start();
    await running;
    await s.stop();
    await startPromise;
    // Due exactly at start: it runs; pc-1 answered before stop(), the others never did.
    const outcomes = (await repo.readHistory()).entries.map((e) => `${e.deviceId} ${e.outcome} ${e.code ?? ''}`);
    expect(outcomes).toEqual(['pc-1 ok ', 'pc-2 failed job.cancelled', 'pc-3 failed job.cancelled']);
    expect(s.running).toBe(false);
    expect(clock.pending).toBe(0);
  });
});
