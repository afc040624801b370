import { toErrorValue } from '../../shared/errors';
import {
  conflicts,
  firingsBetween,
  scheduleTargets,
  type Conflict,
  type Firing,
  type PowerSchedule,
  type PowerState,
  type ScheduleDevice,
  type ScheduleFolder,
  type ScheduleHistoryEntry,
} from '../../shared/schedule';
import type { ScheduleRepository } from './repository';

/** One device's answer to a power request. `code` is an OutbandError code when it failed. */
export interface DeviceResult {
  deviceId: string;
  ok: boolean;
  code?: string;
  message?: string;
}

/**
 * Carries out one power request on many devices (the app plugs in AMT power operations with
 * bounded concurrency). It may stream results or return them all at once.
 */
export type PowerExecutor<D extends ScheduleDevice> = (
  devices: D[],
  powerState: PowerState,
  signal: AbortSignal,
) => AsyncIterable<DeviceResult> | Promise<readonly DeviceResult[]>;

/** Where the scheduler reads the current devices and folders from. */
export interface DeviceSource<D extends ScheduleDevice> {
  load(): Promise<{ devices: D[]; folders: ScheduleFolder[] }>;
}

/** What one check did. */
export interface RunReport {
  /** The window checked: (from, to]. `from` is null when the scheduler had never run. */
  from: Date | null;
  to: Date;
  executed: { firing: Firing; results: DeviceResult[] }[];
  missed: { firing: Firing; deviceIds: string[] }[];
  conflicts: Conflict[];
}

/** Everything one check needs. */
export interface RunContext<D extends ScheduleDevice> {
  repository: ScheduleRepository;
  devices: DeviceSource<D>;
  executor: PowerExecutor<D>;
  now: () => Date;
  timeZone?: string;
  lateGraceMs: number;
  signal: AbortSignal;
}

/** A firing earlier than the schedule's last change was never meant to run (nor to be missed). */
function notBeforeChange(firing: Firing, byId: Map<string, PowerSchedule>): boolean {
  const s = byId.get(firing.scheduleId);
  return s !== undefined && firing.at.getTime() >= Date.parse(s.updated);
}

async function collectResults(out: ReturnType<PowerExecutor<ScheduleDevice>>): Promise<DeviceResult[]> {
  if (Symbol.asyncIterator in out) {
    const results: DeviceResult[] = [];
    for await (const r of out) results.push(r);
    return results;
  }
  return [...(await out)];
}

/** Runs the executor and gives exactly one result per target device, in target order. */
async function execute<D extends ScheduleDevice>(
  ctx: RunContext<D>,
  targets: D[],
  firing: Firing,
): Promise<DeviceResult[]> {
  let results: DeviceResult[];
  try {
    results = await collectResults(ctx.executor(targets, firing.powerState, ctx.signal));
  } catch (err) {
    const { code, message } = toErrorValue(err);
    return targets.map((d) => ({ deviceId: d.id, ok: false, code, message }));
  }
  const byDevice = new Map(results.map((r) => [r.deviceId, r]));
  return targets.map(
    (d) =>
      byDevice.get(d.id) ??
      (ctx.signal.aborted
        ? cancelled(d.id)
        : {
            deviceId: d.id,
            ok: false,
            code: 'schedule.no-result',
            message: 'The power operation reported nothing for this device.',
          }),
  );
}

function cancelled(deviceId: string): DeviceResult {
  return { deviceId, ok: false, code: 'job.cancelled', message: 'Outband stopped before this device was done.' };
}

function entry(
  firing: Firing,
  deviceId: string,
  recordedAt: Date,
  outcome: ScheduleHistoryEntry['outcome'],
  code?: string,
  message?: string,
): ScheduleHistoryEntry {
  const line: ScheduleHistoryEntry = {
    at: firing.at.toISOString(),
    recordedAt: recordedAt.toISOString(),
    scheduleId: firing.scheduleId,
    deviceId,
    powerState: firing.powerState,
    outcome,
  };
  if (code !== undefined) line.code = code;
  if (message !== undefined) line.message = message.slice(0, 2000);
  return line;
}

/**
 * One check at `now`: firings in (lastCheckedAt, now] that are at most `lateGraceMs` old run
 * once over their effective devices; older ones (Outband was closed or the machine slept) are
 * logged as `missed` and not replayed. The marker moves to `now` before anything runs, so a
 * crash mid-run never repeats a power action (at most once). If the marker is later than `now`
 * (the clock went back) nothing runs and the marker stays. With no marker yet, the window is
 * the grace period before `now`, and the marker is written even when that window is empty.
 */
export async function runDueOnce<D extends ScheduleDevice>(ctx: RunContext<D>, now: Date): Promise<RunReport> {
  const [doc, last] = await Promise.all([ctx.repository.readSchedules(), ctx.repository.readLastCheckedAt()]);
  const report: RunReport = { from: last, to: now, executed: [], missed: [], conflicts: [] };
  // Never run before: look back only the grace period. Clock moved back: do nothing twice.
  const start = last ?? new Date(now.getTime() - ctx.lateGraceMs);
  if (now.getTime() <= start.getTime()) {
    // The very first check with no look-back (the app's start is graceless): the marker must
    // start here, or the next check would look back its grace period to before Outband ran.
    if (last === null) await ctx.repository.writeLastCheckedAt(now);
    return report;
  }

  const byId = new Map(doc.schedules.map((s) => [s.id, s]));
  const firings = firingsBetween(doc.schedules, start, now, ctx.timeZone).filter((f) => notBeforeChange(f, byId));
  const { devices, folders } = await ctx.devices.load();
  const targets = scheduleTargets({ devices, folders, overrides: doc.overrides, schedules: doc.schedules });
  const targetsOf = (f: Firing) => targets.get(f.scheduleId) ?? [];

  const late = firings.filter((f) => now.getTime() - f.at.getTime() > ctx.lateGraceMs);
  const due = firings.filter((f) => now.getTime() - f.at.getTime() <= ctx.lateGraceMs);
  const noticed = ctx.now();
  const missedLines = late.flatMap((f) =>
    targetsOf(f).map((d) =>
      entry(
        f,
        d.id,
        noticed,
        'missed',
        'schedule.missed',
        'Outband was not running when this was due; it was not replayed.',
      ),
    ),
  );
  // Misses first, then the marker: a crash in between repeats a "missed" line, never a power action.
  if (missedLines.length > 0) await ctx.repository.updateHistory((draft) => void draft.entries.push(...missedLines));
  await ctx.repository.writeLastCheckedAt(now);
  report.missed = late.map((f) => ({ firing: f, deviceIds: targetsOf(f).map((d) => d.id) }));
  report.conflicts = conflicts(due, targets);

  for (const firing of due) {
    const list = targetsOf(firing);
    if (list.length === 0) continue;
    // Once stopping, later firings are logged as cancelled rather than silently dropped.
    const results = ctx.signal.aborted ? list.map((d) => cancelled(d.id)) : await execute(ctx, list, firing);
    const done = ctx.now();
    await ctx.repository.updateHistory((draft) => {
      for (const r of results)
        draft.entries.push(entry(firing, r.deviceId, done, r.ok ? 'ok' : 'failed', r.code, r.message));
    });
    report.executed.push({ firing, results });
  }
  return report;
}
