import type { JobSnapshot } from '../../../../shared/ipc/jobs';
import type { PowerDeviceStatus } from '../../../../shared/ipc/power';
import { TableHead } from '../../../components/TableHead';

interface PowerResultsProps {
  job: JobSnapshot | null;
  devices: PowerDeviceStatus[];
}

const STATUS_WORDS: Record<JobSnapshot['status'], string> = {
  running: 'Running',
  succeeded: 'Done',
  partial: 'Done with errors',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** The live result table of a power job: one row per device, filled in as results arrive. */
export function PowerResults({ job, devices }: PowerResultsProps) {
  const results = new Map((job?.results ?? []).map((r) => [r.key, r]));
  const done = job?.done ?? 0;
  const total = job?.total ?? devices.length;
  const failed = (job?.results ?? []).filter((r) => !r.ok).length;
  const jobError = results.get('_job');
  return (
    <div className="power-results">
      <p aria-live="polite" data-testid="power-job-status">
        {job ? STATUS_WORDS[job.status] : 'Starting'}: {done} of {total}
        {failed > 0 ? `, ${failed} failed` : ''}
      </p>
      <progress max={Math.max(total, 1)} value={done} aria-label="Power job progress" />
      {jobError ? <p className="bad">{jobError.error?.message}</p> : null}
      <div className="power-table-wrap">
        <table className="data" aria-label="Power results">
          <TableHead columns={['Device', 'State before', 'Result', 'Details']} />
          <tbody>
            {devices.map((d) => {
              const r = results.get(d.deviceId);
              const waiting = job?.status === 'running' ? 'Waiting…' : job?.status === 'cancelled' ? 'Not sent' : '';
              return (
                <tr key={d.deviceId}>
                  <td>{d.name}</td>
                  <td>{d.state?.label ?? <span className="muted">unknown</span>}</td>
                  <td className={r ? (r.ok ? 'ok' : 'bad') : 'muted'}>{r ? (r.ok ? 'OK' : 'Failed') : waiting}</td>
                  <td>{r ? (r.error ? `${r.error.message} (${r.error.code})` : r.detail) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
