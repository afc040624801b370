import { useCallback, useEffect, useState } from 'react';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import type { HistoryRow, ScheduleLevels, ScheduleRow } from '../../../shared/ipc/schedules';
import type { ScheduleOutcome } from '../../../shared/schedule';
import { TableHead } from '../../components/TableHead';
import { localText, stateLabel, whenText } from './schedule-text';

interface Props {
  schedules: ScheduleRow[];
  levels: ScheduleLevels;
  /** Changes whenever the screen reloads, so the history is read again. */
  version: number;
}

interface Filters {
  scheduleId: string;
  deviceId: string;
  outcome: '' | ScheduleOutcome;
  from: string;
  until: string;
}

const NO_FILTERS: Filters = { scheduleId: '', deviceId: '', outcome: '', from: '', until: '' };

/** A local day's first or last instant as ISO, for the date-range filter. */
function dayBound(date: string, end: boolean): string | undefined {
  if (!date) return undefined;
  const [y, m, d] = date.split('-').map(Number);
  const at = end ? new Date(y!, m! - 1, d!, 23, 59, 59, 999) : new Date(y!, m! - 1, d!);
  return at.toISOString();
}

const OUTCOME_CLASS: Record<ScheduleOutcome, string> = { ok: 'ok', failed: 'bad', missed: 'warn' };

/** What each firing did to each device, newest first, with filters. */
export function HistoryPanel({ schedules, levels, version }: Props) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [result, setResult] = useState<{ entries: HistoryRow[]; total: number } | null>(null);
  const toastError = useUi((s) => s.toastError);
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  const load = useCallback(async () => {
    try {
      setResult(
        await call('schedule.history', {
          scheduleId: filters.scheduleId || undefined,
          deviceId: filters.deviceId || undefined,
          outcome: filters.outcome || undefined,
          from: dayBound(filters.from, false),
          until: dayBound(filters.until, true),
        }),
      );
    } catch (err) {
      toastError(err);
    }
  }, [filters, toastError]);

  useEffect(() => {
    void load();
  }, [load, version]);

  const filtered = Object.values(filters).some((v) => v !== '');
  return (
    <section className="history-panel" aria-labelledby="schedule-history-title">
      <h2 id="schedule-history-title">History</h2>
      <div className="toolbar history-filters" role="group" aria-label="History filters">
        <label>
          Schedule{' '}
          <select value={filters.scheduleId} onChange={(e) => set({ scheduleId: e.target.value })}>
            <option value="">All</option>
            {schedules.map((s) => (
              <option key={s.id} value={s.id}>
                {stateLabel(s.powerState)} · {whenText(s.schedule)} · {s.levelName}
              </option>
            ))}
          </select>
        </label>
        <label>
          Device{' '}
          <select value={filters.deviceId} onChange={(e) => set({ deviceId: e.target.value })}>
            <option value="">All</option>
            {levels.devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Outcome{' '}
          <select value={filters.outcome} onChange={(e) => set({ outcome: e.target.value as Filters['outcome'] })}>
            <option value="">All</option>
            <option value="ok">OK</option>
            <option value="failed">Failed</option>
            <option value="missed">Missed</option>
          </select>
        </label>
        <label>
          From <input type="date" value={filters.from} onChange={(e) => set({ from: e.target.value })} />
        </label>
        <label>
          To <input type="date" value={filters.until} onChange={(e) => set({ until: e.target.value })} />
        </label>
        <button type="button" onClick={() => setFilters(NO_FILTERS)} disabled={!filtered}>
          Clear filters
        </button>
      </div>
      {result === null ? <p aria-busy="true">Reading the history…</p> : null}
      {result !== null && result.total === 0 ? (
        <p className="muted" data-testid="history-empty">
          {filtered
            ? 'No history entries match these filters.'
            : 'No schedule has fired yet. Each run is logged here per device; runs missed while Outband was not running are reported as missed.'}
        </p>
      ) : null}
      {result !== null && result.total > 0 ? (
        <>
          <p className="muted">
            {result.total} entr{result.total === 1 ? 'y' : 'ies'}
            {result.total > result.entries.length ? `, the newest ${result.entries.length} shown` : ''}.
          </p>
          <table className="data history-table" aria-label="Schedule history">
            <TableHead columns={['Due (local)', 'Device', 'Power state', 'Schedule of', 'Outcome', 'Detail']} />
            <tbody>
              {result.entries.map((e) => (
                <tr key={`${e.at}-${e.scheduleId}-${e.deviceId}-${e.recordedAt}`}>
                  <td>
                    <time dateTime={e.at}>{localText(e.at)}</time>
                  </td>
                  <td>{e.deviceName}</td>
                  <td>{stateLabel(e.powerState)}</td>
                  <td>{e.levelName}</td>
                  <td className={OUTCOME_CLASS[e.outcome]}>{e.outcome}</td>
                  <td>
                    {e.outcome === 'ok' ? '' : [e.message, e.code ? `(${e.code})` : ''].filter(Boolean).join(' ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
