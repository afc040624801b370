import type { PreviewFiring } from '../../../shared/ipc/schedules';
import { TableHead } from '../../components/TableHead';
import { localText, stateLabel, weekdayText } from './schedule-text';

/** The next firings of the selected level, in execution order, with how many devices each reaches. */
export function PreviewTable({ firings }: { firings: PreviewFiring[] | null }) {
  if (firings === null) return <p aria-busy="true">Computing the next firings…</p>;
  if (firings.length === 0) return <p className="muted">Nothing is scheduled to fire.</p>;
  return (
    <table className="data preview-table" aria-label="Next firings">
      <TableHead columns={['#', 'Time (local)', 'Power state', 'Schedule of', 'Devices']} />
      <tbody>
        {firings.map((f, i) => (
          <tr key={`${f.at}-${f.scheduleId}`}>
            <td className="count">{i + 1}</td>
            <td>
              <time dateTime={f.at}>
                {weekdayText(f.at)} {localText(f.at)}
              </time>
            </td>
            <td>{stateLabel(f.powerState)}</td>
            <td>{f.levelName}</td>
            <td className="count">{f.deviceCount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
