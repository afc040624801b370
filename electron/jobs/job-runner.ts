import { randomUUID } from 'node:crypto';
import type { JobItemResult, JobSnapshot, JobStatus } from '../../shared/ipc/jobs';
import { OutbandError } from '../../shared/errors';

/** What a job's work function gets: a cancel signal and a way to report each finished item. */
export interface JobContext {
  /** The job's id, for events that belong to it. */
  jobId: string;
  signal: AbortSignal;
  /** Records one finished item (e.g. one device) and advances the progress bar. */
  report(result: JobItemResult): void;
  /** Changes the expected number of items when it is only known after the job started. */
  setTotal(total: number): void;
  /**
   * Moves the progress bar to `done` items without a result per item (a scan of 1,022 hosts
   * reports only what it found); progress events are then sent at most every 100 ms.
   */
  advance(done: number): void;
}

const ADVANCE_EVERY_MS = 100;

/** Options to start a job. */
export interface JobSpec {
  kind: string;
  title: string;
  total: number;
  run(ctx: JobContext): Promise<void>;
}

interface RunningJob {
  snapshot: JobSnapshot;
  controller: AbortController;
  finishedPromise: Promise<JobSnapshot>;
}

const KEEP_FINISHED = 50;

function finalStatus(s: JobSnapshot, aborted: boolean, failed: boolean): JobStatus {
  if (aborted) return 'cancelled';
  if (failed) return 'failed';
  const bad = s.results.filter((r) => !r.ok).length;
  if (bad === 0) return 'succeeded';
  return bad === s.results.length ? 'failed' : 'partial';
}

/**
 * Runs long work (many devices, a stick write) in the background with progress events, cancel,
 * and a record of every item; the renderer never waits on one request for it.
 */
export class JobRunner {
  private readonly jobs = new Map<string, RunningJob>();

  constructor(
    private readonly emit: (snapshot: JobSnapshot) => void,
    private readonly onFinished: (snapshot: JobSnapshot) => void | Promise<void> = () => undefined,
  ) {}

  /** Starts a job and returns its first snapshot at once. */
  start(spec: JobSpec): JobSnapshot {
    const controller = new AbortController();
    const snapshot: JobSnapshot = {
      id: randomUUID(),
      kind: spec.kind,
      title: spec.title,
      status: 'running',
      done: 0,
      total: spec.total,
      started: new Date().toISOString(),
      finished: null,
      results: [],
    };
    let lastAdvance = 0;
    const ctx: JobContext = {
      jobId: snapshot.id,
      signal: controller.signal,
      report: (result) => {
        snapshot.results.push({ ...result });
        snapshot.done = Math.max(snapshot.done, snapshot.results.length);
        // A copy of the list, not a deep clone: results are never changed once reported, and a
        // deep clone per result made a job over thousands of devices quadratic in CPU.
        this.emit({ ...snapshot, results: snapshot.results.slice() });
      },
      advance: (done) => {
        snapshot.done = Math.min(snapshot.total, Math.max(snapshot.done, done));
        const now = Date.now();
        if (now - lastAdvance < ADVANCE_EVERY_MS && snapshot.done < snapshot.total) return;
        lastAdvance = now;
        this.emit(structuredClone(snapshot));
      },
      setTotal: (total) => {
        snapshot.total = total;
        this.emit(structuredClone(snapshot));
      },
    };
    const finishedPromise = spec
      .run(ctx)
      .then(
        () => false,
        (err: unknown) => {
          if (controller.signal.aborted) return false;
          const message = err instanceof Error ? err.message : String(err);
          const code = err instanceof OutbandError ? err.code : 'job.failed';
          snapshot.results.push({ key: '_job', label: spec.title, ok: false, error: { code, message } });
          return true;
        },
      )
      .then(async (failed) => {
        snapshot.status = finalStatus(snapshot, controller.signal.aborted, failed);
        snapshot.finished = new Date().toISOString();
        this.emit(structuredClone(snapshot));
        await this.onFinished(structuredClone(snapshot));
        this.prune();
        return structuredClone(snapshot);
      });
    this.jobs.set(snapshot.id, { snapshot, controller, finishedPromise });
    this.emit(structuredClone(snapshot));
    return structuredClone(snapshot);
  }

  /** Asks a running job to stop; true when it was running. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.snapshot.status !== 'running') return false;
    job.controller.abort();
    return true;
  }

  /** Waits for a job to end and returns its last snapshot. */
  async wait(id: string): Promise<JobSnapshot> {
    const job = this.jobs.get(id);
    if (!job) throw new OutbandError('job.not-found', `There is no job ${id}.`);
    return job.finishedPromise;
  }

  /** Every job this session knows, newest first. */
  list(): JobSnapshot[] {
    return [...this.jobs.values()].map((j) => structuredClone(j.snapshot)).reverse();
  }

  /** Cancels everything still running (used at quit). */
  cancelAll(): void {
    for (const job of this.jobs.values()) job.controller.abort();
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.snapshot.status !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED)))
      this.jobs.delete(job.snapshot.id);
  }
}
