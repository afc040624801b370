/**
 * Scheduled reconciliation (seed 3.2.5: "Out-of-band inventory reconciliation", every 24 hours by
 * default): the same calendar and missed-run rules as power schedules. Firings that passed while
 * Outband was not running are recorded as missed and not replayed; a due firing starts one
 * reconciliation of every device.
 */
import { toErrorValue } from '../../shared/errors';
import type { ReconcileRun } from '../../shared/domain/reconcile';
import { specFireTimes, type ScheduleSpec } from '../../shared/schedule';
import { systemClock, type Clock } from '../scheduler/clock';
import type { Store } from '../store/store';
import type { ReconcileService } from './reconcile-service';

const GRACE_MS = 5 * 60_000;
const POLL_MS = 60_000;
const RUNS_KEPT = 200;

/** What the reconciliation scheduler needs. */
export interface ReconcileSchedulerDeps {
  store: Store;
  reconcile: ReconcileService;
  clock?: Clock;
  timeZone?: string;
  log(line: string): void;
}

/** Checks the zone's reconciliation schedule while Outband runs; `runDue` serves `schedule run-due`. */
export class ReconcileScheduler {
  private readonly clock: Clock;
  private timer: unknown = undefined;
  private active = false;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ReconcileSchedulerDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  /** Records what was missed while Outband was not running, then checks on time. */
  async start(): Promise<ReconcileRun[]> {
    this.active = true;
    return this.runDue(this.clock.now(), 0);
  }

  /** Stops checking (a reconciliation already started runs on as a job). */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    await this.chain;
  }

  /** The schedule, its next firings and the latest runs. */
  async describe(count = 5): Promise<{ schedule: ScheduleSpec; next: string[]; runs: ReconcileRun[] }> {
    const doc = await this.deps.store.get('inventory');
    const now = this.clock.now();
    const next = specFireTimes(
      doc.schedule,
      now,
      new Date(now.getTime() + 100 * 366 * 86_400_000),
      count,
      this.deps.timeZone,
    );
    return { schedule: doc.schedule, next: next.map((d) => d.toISOString()), runs: doc.runs.slice(0, 20) };
  }

  /** Replaces the schedule; the first check after it starts from now, so nothing earlier counts as missed. */
  setSchedule(schedule: ScheduleSpec): Promise<{ schedule: ScheduleSpec; next: string[]; runs: ReconcileRun[] }> {
    // Queued behind a check in progress, so that check cannot write its marker over this one.
    const task = async () => {
      const now = this.clock.now().toISOString();
      await this.deps.store.update('inventory', (d) => {
        d.schedule = schedule;
        d.lastCheck = now;
      });
      return this.describe();
    };
    const next = this.chain.then(task, task);
    this.chain = next.catch(() => undefined);
    return next.then(async (described) => {
      await this.reload();
      return described;
    });
  }

  /** Plans the next check again after the schedule changed. */
  async reload(): Promise<void> {
    if (this.active) await this.arm();
  }

  /**
   * One check: firings within `graceMs` before `now` run (once, however many), older ones are
   * recorded as missed. The first check ever only sets the marker.
   */
  runDue(now: Date = this.clock.now(), graceMs = GRACE_MS): Promise<ReconcileRun[]> {
    const task = async (): Promise<ReconcileRun[]> => {
      try {
        return await this.check(now, graceMs);
      } finally {
        if (this.active) await this.arm();
      }
    };
    const next = this.chain.then(task, task);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async check(now: Date, graceMs: number): Promise<ReconcileRun[]> {
    const doc = await this.deps.store.get('inventory');
    const from = doc.lastCheck ? new Date(doc.lastCheck) : null;
    // The clock went back: firings up to the marker already ran or were missed; keep the marker.
    if (from !== null && now.getTime() < from.getTime()) return [];
    const fired = from ? specFireTimes(doc.schedule, from, now, 10_000, this.deps.timeZone) : [];
    const runs: ReconcileRun[] = [];
    const due = fired.filter((at) => now.getTime() - at.getTime() <= graceMs);
    for (const at of fired.filter((f) => !due.includes(f))) runs.push({ firing: at.toISOString(), outcome: 'missed' });
    const last = due.at(-1);
    if (last !== undefined) {
      try {
        const job = await this.deps.reconcile.start({ all: true });
        runs.push({ firing: last.toISOString(), outcome: 'ran', jobId: job.id });
      } catch (err) {
        const { code, message } = toErrorValue(err);
        if (code === 'reconcile.no-devices') runs.push({ firing: last.toISOString(), outcome: 'no-devices' });
        else this.deps.log(`reconcile schedule: ${message} (${code})`);
      }
    }
    await this.deps.store.update('inventory', (d) => {
      d.lastCheck = now.toISOString();
      d.runs = [...[...runs].reverse(), ...d.runs].slice(0, RUNS_KEPT);
    });
    return runs;
  }

  private async arm(): Promise<void> {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    let delay = POLL_MS;
    try {
      const { schedule } = await this.deps.store.get('inventory');
      const now = this.clock.now();
      const [next] = specFireTimes(schedule, now, new Date(now.getTime() + 366 * 86_400_000), 1, this.deps.timeZone);
      if (next) delay = Math.min(delay, Math.max(0, next.getTime() - now.getTime()));
    } catch (err) {
      this.deps.log(`reconcile schedule: ${toErrorValue(err).message}`);
    }
    if (!this.active) return;
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined;
      if (this.active)
        this.runDue().catch((err: unknown) => this.deps.log(`reconcile schedule: ${toErrorValue(err).message}`));
    }, delay);
  }
}
