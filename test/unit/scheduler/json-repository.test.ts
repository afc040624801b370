import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HISTORY_FILE,
  HISTORY_LIMIT,
  JsonScheduleRepository,
  SCHEDULES_FILE,
  addSchedule,
} from '../../../electron/scheduler';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-sched-repo-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('JsonScheduleRepository', () => {
  it('starts empty, and keeps schedules and overrides across instances', async () => {
    const repo = new JsonScheduleRepository(dir);
    expect(await repo.readSchedules()).toEqual({
      schemaVersion: 1,
      schedules: [],
      overrides: { folders: [], devices: [] },
    });
    expect(await repo.readLastCheckedAt()).toBeNull();
    const added = await addSchedule(
      repo,
      { level: { kind: 'folder', folderId: 'f1' }, powerState: 'reset', schedule: { type: 'none' } },
      new Date('2025-01-01T00:00:00Z'),
    );
    await repo.writeLastCheckedAt(new Date('2025-01-02T03:04:00Z'));
    const again = new JsonScheduleRepository(dir);
    expect((await again.readSchedules()).schedules).toEqual([added]);
    expect((await again.readSchedules()).overrides.folders).toEqual(['f1']);
    expect((await again.readLastCheckedAt())?.toISOString()).toBe('2025-01-02T03:04:00.000Z');
  });

  it('refuses a damaged or invalid file with a stable code and leaves it untouched', async () => {
    const repo = new JsonScheduleRepository(dir);
    const file = join(dir, SCHEDULES_FILE);
    await writeFile(file, '{"schemaVersion":1,"schedules":[{"id":"x"}]}');
    await expect(repo.readSchedules()).rejects.toMatchObject({ code: 'schedule.file-corrupt' });
    await expect(
      addSchedule(repo, { level: { kind: 'zone' }, powerState: 'on', schedule: { type: 'none' } }),
    ).rejects.toMatchObject({
      code: 'schedule.file-corrupt',
    });
    expect(await readFile(file, 'utf8')).toBe('{"schemaVersion":1,"schedules":[{"id":"x"}]}');
    await writeFile(join(dir, HISTORY_FILE), 'not json');
    await expect(repo.readHistory()).rejects.toMatchObject({ code: 'schedule.file-corrupt' });
  });

  it('rejects an invalid schedule before writing and trims the history to its limit, oldest first', async () => {
    const repo = new JsonScheduleRepository(dir);
    await expect(
      addSchedule(repo, {
        level: { kind: 'zone' },
        powerState: 'on',
        schedule: { type: 'recurring', every: 'weekly', time: '07:00' },
      }),
    ).rejects.toMatchObject({ code: 'schedule.invalid' });
    expect((await repo.readSchedules()).schedules).toEqual([]);

    const line = (i: number) => ({
      at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
      recordedAt: '2025-01-01T00:00:00.000Z',
      scheduleId: 's',
      deviceId: 'd',
      powerState: 'on' as const,
      outcome: 'ok' as const,
    });
    await repo.updateHistory(
      (doc) => void doc.entries.push(...Array.from({ length: HISTORY_LIMIT + 5 }, (_, i) => line(i))),
    );
    const entries = (await repo.readHistory()).entries;
    expect(entries).toHaveLength(HISTORY_LIMIT);
    expect(entries[0].at).toBe(line(5).at);
  });
});
