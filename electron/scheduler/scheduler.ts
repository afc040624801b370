import { toErrorValue, type ErrorValue } from '../../shared/errors';
import { nextFirings, type ScheduleDevice } from '../../shared/schedule';
import { systemClock, type Clock } from './clock';
import type { ScheduleRepository } from './repository';
import { runDueOnce, type DeviceSource, type PowerExecutor, type RunReport } from './run-due';

/** What the scheduler tells its owner (the UI's notice area, the CLI's output, a log). */
export type SchedulerEvent = { type: 'run'; report: RunReport } | { type: 'error'; error: ErrorValue };

export interface SchedulerOptions<D extends ScheduleDevice> {
  repository: ScheduleRepository;
  devices: DeviceSource<D>;
  executor: PowerExecutor<D>;
  clock?: Clock;
  /** IANA zone for wall-clock times; default the workstation's local zone. */
  timeZone?: string;
  /**
   * While running, a firing found this late (the machine slept, the event loop stalled) is
   * logged as missed instead of run. Default 5 minutes.
   */
  lateGraceMs?: number;
  /** Longest wait between checks, so edits by the CLI and clock jumps are noticed. Default 60 s. */
  pollMs?: number;
  onEvent?: (event: SchedulerEvent) => void;
}

const DEFAULT_GRACE = 5 * 60_000;
const DEFAULT_POLL = 60_000;

/**
 * Runs power schedules while Outband runs. `start()` first logs as missed every firing between
 * the last check (persisted) and now, without running any, then checks again at each firing
 * (and at least every `pollMs`). Checks never overlap; `stop()` cancels a run in progress.
 */
export class Scheduler<D extends ScheduleDevice> {
  private readonly clock: Clock;
  private readonly grace: number;
  private readonly poll: number;
  private timer: unknown = undefined;
  private active = false;
  private abort = new AbortController();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SchedulerOptions<D>) {
    this.clock = options.clock ?? systemClock;
    this.grace = options.lateGraceMs ?? DEFAULT_GRACE;
    this.poll = options.pollMs ?? DEFAULT_POLL;
  }

  /** True between start() and stop(). */
  get running(): boolean {
    return this.active;
  }

  /**
   * Logs what was missed while Outband was not running, then starts checking on time. If that
   * first check fails (say a damaged schedules.json) the promise rejects but the scheduler stays
   * started and retries every `pollMs`, reporting failures through `onEvent`.
   */
  async start(): Promise<RunReport> {
    if (this.active) throw new Error('The scheduler is already running.');
    this.active = true;
    this.abort = new AbortController();
    // Anything due since the last check happened while we were not running: graceless.
    const report = await this.runDue(this.clock.now(), { lateGraceMs: 0 });
    return report;
  }

  /**
   * One check at `now` (default: the clock's now): runs what is due, logs what is missed.
   * The CLI's `schedule run-due` calls this once without start().
   */
  runDue(now: Date = this.clock.now(), opts: { lateGraceMs?: number } = {}): Promise<RunReport> {
    const task = async (): Promise<RunReport> => {
      try {
        const report = await runDueOnce(
          {
            repository: this.options.repository,
            devices: this.options.devices,
            executor: this.options.executor,
            now: () => this.clock.now(),
            timeZone: this.options.timeZone,
            lateGraceMs: opts.lateGraceMs ?? this.grace,
            signal: this.abort.signal,
          },
          now,
        );
        this.emit({ type: 'run', report });
        return report;
      } finally {
        if (this.active) await this.arm();
      }
    };
    const next = this.chain.then(task, task);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves when no check is running (tests and shutdown code wait on it). */
  async idle(): Promise<void> {
    await this.chain;
  }

  /** Re-plans the next check after schedules were changed in this process. */
  async reload(): Promise<void> {
    if (this.active) await this.arm();
  }

  /** Stops checking, cancels a run in progress (remaining devices are logged as cancelled) and waits for it. */
  async stop(): Promise<void> {
    this.active = false;
    this.disarm();
    this.abort.abort();
    await this.chain;
  }

  private emit(event: SchedulerEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A faulty listener must not stop the schedules.
    }
  }

  private disarm(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** Sets one timer: at the next firing, or after `pollMs`, whichever comes first. */
  private async arm(): Promise<void> {
    this.disarm();
    let delay = this.poll;
    try {
      const { schedules } = await this.options.repository.readSchedules();
      const now = this.clock.now();
      const [next] = nextFirings(schedules, new Date(now.getTime() + 1), 1, this.options.timeZone);
      if (next) delay = Math.min(delay, Math.max(0, next.at.getTime() - now.getTime()));
    } catch (err) {
      this.emit({ type: 'error', error: toErrorValue(err) });
    }
    if (!this.active) return;
    this.disarm();
    this.timer = this.clock.setTimer(() => this.tick(), delay);
  }

  private tick(): void {
    this.timer = undefined;
    if (!this.active) return;
    this.runDue().catch((err: unknown) => this.emit({ type: 'error', error: toErrorValue(err) }));
  }
}
