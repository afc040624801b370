import { useCallback, useEffect, useMemo, useState } from 'react';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import { ConfirmDialog } from '../../components/Dialog';
import type { EffectiveView, PreviewFiring, ScheduleLevels, ScheduleRow } from '../../../shared/ipc/schedules';
import type { ScheduleLevel } from '../../../shared/schedule';
import { LevelBar } from './LevelBar';
import { SchedulesTable } from './SchedulesTable';
import { PreviewTable } from './PreviewTable';
import { HistoryPanel } from './HistoryPanel';
import { ScheduleEditor } from './ScheduleEditor';
import { levelFromKey, sameLevel, stateLabel, whenText } from './schedule-text';
import './schedules.css';

type Open = { kind: 'add' } | { kind: 'edit' | 'delete'; row: ScheduleRow } | null;

function nameOf(level: ScheduleLevel, levels: ScheduleLevels | null): string {
  if (level.kind === 'zone') return 'the zone';
  if (level.kind === 'folder') return levels?.folders.find((f) => f.id === level.folderId)?.path ?? 'a folder';
  return levels?.devices.find((d) => d.id === level.deviceId)?.name ?? 'a device';
}

function exists(level: ScheduleLevel, levels: ScheduleLevels): boolean {
  if (level.kind === 'folder') return levels.folders.some((f) => f.id === level.folderId);
  if (level.kind === 'device') return levels.devices.some((d) => d.id === level.deviceId);
  return true;
}

/** Scheduled power management (seed 4.2): zone schedules, folder and device overrides, preview, history. */
export function SchedulesScreen() {
  const [levels, setLevels] = useState<ScheduleLevels | null>(null);
  const [schedules, setSchedules] = useState<ScheduleRow[]>([]);
  const [key, setKey] = useState('zone');
  const [effective, setEffective] = useState<EffectiveView | null>(null);
  const [preview, setPreview] = useState<PreviewFiring[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState<Open>(null);
  const toastError = useUi((s) => s.toastError);
  const toastInfo = useUi((s) => s.toastInfo);
  const level = useMemo(() => levelFromKey(key), [key]);

  const load = useCallback(async () => {
    try {
      const [lv, list] = await Promise.all([call('schedule.levels'), call('schedule.list')]);
      setLevels(lv);
      setSchedules(list.schedules);
      setLoadError(null);
      if (!exists(level, lv)) {
        setKey('zone');
        return;
      }
      const [eff, next] = await Promise.all([
        level.kind === 'zone' ? Promise.resolve(null) : call('schedule.effective', { target: level }),
        call('schedule.preview', { level, count: 10 }),
      ]);
      setEffective(eff);
      setPreview(next);
      setVersion((v) => v + 1);
    } catch (err) {
      setLoadError(err instanceof Error ? err.message : String(err));
      toastError(err);
    }
  }, [level, toastError]);

  useEffect(() => {
    setEffective(null);
    setPreview(null);
    void load();
  }, [load]);

  const act = async (work: () => Promise<unknown>, message?: string) => {
    try {
      await work();
      if (message) toastInfo(message);
    } catch (err) {
      toastError(err);
    }
    await load();
  };

  const levelName = nameOf(level, levels);
  const own = schedules.filter((s) => sameLevel(s.level, level));
  const tableLabel = level.kind === 'zone' ? 'Zone schedules' : `Schedules of ${levelName}`;

  return (
    <section className="screen" data-screen="schedules">
      <h1 tabIndex={-1}>Power schedules</h1>
      <p className="muted">
        Power On, Power Off, Reset or Power Cycle Reset on a schedule. Zone schedules apply to every device; a folder or
        device can override them (device beats folder beats zone). Schedules run while Outband runs; each run is logged
        per device, and a run missed while Outband was closed is reported, not replayed.
      </p>
      {loadError ? <p role="alert">The schedules could not be read: {loadError}</p> : null}
      {levels === null && !loadError ? <p aria-busy="true">Reading the schedules…</p> : null}
      {levels !== null ? (
        <>
          <LevelBar
            levels={levels}
            value={key}
            level={level}
            levelName={levelName}
            effective={effective}
            onChange={setKey}
            onOverride={(on) => {
              if (level.kind === 'zone') return;
              void act(
                () => call('schedule.setOverride', { target: level, override: on }),
                on ? `${levelName} now overrides inherited schedules` : `${levelName} inherits schedules again`,
              );
            }}
          />
          <div className="toolbar">
            <button type="button" className="primary" onClick={() => setOpen({ kind: 'add' })}>
              Add…
            </button>
            <span className="spacer" />
            <button type="button" onClick={() => void load()}>
              Refresh
            </button>
          </div>
          <SchedulesTable
            rows={own}
            label={tableLabel}
            empty={
              level.kind === 'zone'
                ? 'No zone schedules yet. Use “Add…” to choose a power state and a schedule.'
                : `No schedules are defined at ${levelName}.`
            }
            onEdit={(row) => setOpen({ kind: 'edit', row })}
            onDelete={(row) => setOpen({ kind: 'delete', row })}
            onEnable={(row, enabled) =>
              void act(
                () => call('schedule.setEnabled', { id: row.id, enabled }),
                enabled ? 'Schedule enabled' : 'Schedule disabled',
              )
            }
          />
          <section aria-labelledby="schedule-preview-title">
            <h2 id="schedule-preview-title">
              Next ten firings {level.kind === 'zone' ? 'in the zone' : `for ${levelName}`}
            </h2>
            <PreviewTable firings={preview} />
          </section>
          <HistoryPanel schedules={schedules} levels={levels} version={version} />
        </>
      ) : null}
      {open?.kind === 'add' || open?.kind === 'edit' ? (
        <ScheduleEditor
          level={open.kind === 'edit' ? open.row.level : level}
          levelName={open.kind === 'edit' ? open.row.levelName : level.kind === 'zone' ? 'Zone' : levelName}
          existing={open.kind === 'edit' ? open.row : undefined}
          onClose={() => setOpen(null)}
          onSaved={(saved, added) => {
            setOpen(null);
            void act(async () => undefined, `${stateLabel(saved.powerState)} schedule ${added ? 'added' : 'saved'}`);
          }}
        />
      ) : null}
      {open?.kind === 'delete' ? (
        <ConfirmDialog
          title="Delete power schedule"
          open
          danger
          confirmLabel="Delete"
          onCancel={() => setOpen(null)}
          onConfirm={() => {
            const row = open.row;
            setOpen(null);
            void act(() => call('schedule.remove', { id: row.id }), 'Schedule deleted');
          }}
        >
          <p>
            Delete “{stateLabel(open.row.powerState)}, {whenText(open.row.schedule)}” at {open.row.levelName}? Its
            history stays.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
