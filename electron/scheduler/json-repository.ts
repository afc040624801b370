import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { OutbandError } from '../../shared/errors';
import { writeFileAtomic } from '../store/atomic-file';
import {
  emptyHistory,
  emptySchedules,
  emptyState,
  HistoryDocSchema,
  SchedulerStateSchema,
  SchedulesDocSchema,
  type HistoryDoc,
  type ScheduleRepository,
  type SchedulesDoc,
} from './repository';

export const SCHEDULES_FILE = 'schedules.json';
export const HISTORY_FILE = 'schedule-history.json';
export const STATE_FILE = 'schedule-state.json';
/** Oldest history lines are dropped beyond this, so the file stays quick to rewrite. */
export const HISTORY_LIMIT = 20_000;

async function readDoc<T>(file: string, schema: z.ZodType<T>, empty: () => T): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return empty();
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new OutbandError(
      'schedule.file-corrupt',
      `${file} is not valid JSON; nothing was changed. Repair or move it away.`,
      { file },
    );
  }
  const checked = schema.safeParse(raw);
  if (!checked.success) {
    const why = z.prettifyError(checked.error).replace(/\n\s*/g, ' ');
    throw new OutbandError(
      'schedule.file-corrupt',
      `${file} is not a valid schedule file (${why}); nothing was changed.`,
      { file },
    );
  }
  return checked.data;
}

/**
 * Schedules in `<dataDir>/schedules.json`, history in `<dataDir>/schedule-history.json`, the
 * last-check marker in `<dataDir>/schedule-state.json`.
 * Nothing is cached: the app and the CLI may both change the files, so every read goes to disk.
 */
export class JsonScheduleRepository implements ScheduleRepository {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly schedulesFile: string;
  private readonly historyFile: string;
  private readonly stateFile: string;

  constructor(readonly dataDir: string) {
    this.schedulesFile = join(dataDir, SCHEDULES_FILE);
    this.historyFile = join(dataDir, HISTORY_FILE);
    this.stateFile = join(dataDir, STATE_FILE);
  }

  readSchedules(): Promise<SchedulesDoc> {
    return this.serialise(() => readDoc(this.schedulesFile, SchedulesDocSchema, emptySchedules));
  }

  updateSchedules<R>(fn: (draft: SchedulesDoc) => R): Promise<R> {
    return this.serialise(async () => {
      const draft = await readDoc(this.schedulesFile, SchedulesDocSchema, emptySchedules);
      const result = fn(draft);
      await this.save(this.schedulesFile, SchedulesDocSchema, draft, true);
      return result;
    });
  }

  readHistory(): Promise<HistoryDoc> {
    return this.serialise(() => readDoc(this.historyFile, HistoryDocSchema, emptyHistory));
  }

  updateHistory<R>(fn: (draft: HistoryDoc) => R): Promise<R> {
    return this.serialise(async () => {
      const draft = await readDoc(this.historyFile, HistoryDocSchema, emptyHistory);
      const result = fn(draft);
      if (draft.entries.length > HISTORY_LIMIT) draft.entries.splice(0, draft.entries.length - HISTORY_LIMIT);
      await this.save(this.historyFile, HistoryDocSchema, draft, false);
      return result;
    });
  }

  async readLastCheckedAt(): Promise<Date | null> {
    const state = await this.serialise(() => readDoc(this.stateFile, SchedulerStateSchema, emptyState));
    return state.lastCheckedAt === null ? null : new Date(state.lastCheckedAt);
  }

  writeLastCheckedAt(at: Date): Promise<void> {
    return this.serialise(() =>
      this.save(this.stateFile, SchedulerStateSchema, { schemaVersion: 1, lastCheckedAt: at.toISOString() }, false),
    );
  }

  private async save<T>(file: string, schema: z.ZodType<T>, doc: T, backup: boolean): Promise<void> {
    const checked = schema.safeParse(doc);
    if (!checked.success) {
      throw new OutbandError('schedule.invalid', `Refusing to save ${file}: ${z.prettifyError(checked.error)}`);
    }
    await writeFileAtomic(file, JSON.stringify(checked.data, null, 2) + '\n', { backup });
  }

  private serialise<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
