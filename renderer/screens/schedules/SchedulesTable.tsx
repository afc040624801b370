import type { ScheduleRow } from '../../../shared/ipc/schedules';
import { ACTIONS_COLUMN, TableHead } from '../../components/TableHead';
import { localText, stateLabel, typeLabel, whenText } from './schedule-text';

interface Props {
  rows: ScheduleRow[];
  label: string;
  empty: string;
  onEdit(row: ScheduleRow): void;
  onDelete(row: ScheduleRow): void;
  onEnable(row: ScheduleRow, enabled: boolean): void;
}

/** The schedules defined at one level: state, type, when, next firing, enabled, actions. */
export function SchedulesTable({ rows, label, empty, onEdit, onDelete, onEnable }: Props) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table className="data schedules-table" aria-label={label}>
      <TableHead columns={['Power state', 'Type', 'When', 'Next firing', 'Devices', 'Enabled', ACTIONS_COLUMN]} />
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-schedule-id={r.id}>
            <th scope="row">{stateLabel(r.powerState)}</th>
            <td>{typeLabel(r.schedule)}</td>
            <td>{whenText(r.schedule)}</td>
            <td>
              {r.nextAt ? (
                <time dateTime={r.nextAt}>{localText(r.nextAt)}</time>
              ) : (
                <span className="muted">{r.enabled ? 'none' : 'disabled'}</span>
              )}
            </td>
            <td className="count">{r.deviceCount}</td>
            <td>
              <input
                type="checkbox"
                role="switch"
                aria-label={`Enabled: ${stateLabel(r.powerState)} ${whenText(r.schedule)}`}
                checked={r.enabled}
                onChange={(e) => onEnable(r, e.target.checked)}
              />
            </td>
            <td className="row-actions">
              <button type="button" onClick={() => onEdit(r)}>
                Edit
              </button>{' '}
              <button type="button" className="danger" onClick={() => onDelete(r)}>
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
