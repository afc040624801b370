import type { JobItemResult, JobSnapshot } from '../../../../shared/ipc/jobs';
import type { ConsentNeeded, PowerDeviceStatus } from '../../../../shared/ipc/power';
import { TableHead } from '../../../components/TableHead';
import { ConsentPrompt } from './ConsentPrompt';

interface PowerResultsProps {
  job: JobSnapshot | null;
  devices: PowerDeviceStatus[];
  /** Devices (of any job) that asked for a consent code; those of this job still waiting get a prompt. */
  consent?: ConsentNeeded[];
  onConsentDone?(jobId: string, deviceId: string): void;
}

/** The Result cell of one device: done, already in the state, skipped, or failed. */
function resultWord(r: JobItemResult): string {
  if (!r.ok) return 'Failed';
  if (r.outcome === 'already') return 'Already there';
  if (r.outcome === 'skipped') return 'Skipped';
  return 'OK';
}

function resultClass(r: JobItemResult): string {
  if (!r.ok) return 'bad';
  return r.outcome === 'skipped' ? 'warn' : 'ok';
}

const STATUS_WORDS: Record<JobSnapshot['status'], string> = {
  running: 'Running',
  succeeded: 'Done',
  partial: 'Done with errors',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/**
 * The live result table of a power job: one row per device, filled in as results arrive, with a
 * code prompt above it for every device that waits for user consent.
 */
export function PowerResults({ job, devices, consent = [], onConsentDone }: PowerResultsProps) {
  const results = new Map((job?.results ?? []).map((r) => [r.key, r]));
  const asking = job?.status === 'running' ? consent.filter((c) => c.jobId === job.id && !results.has(c.deviceId)) : [];
  const askingIds = new Set(asking.map((c) => c.deviceId));
  const done = job?.done ?? 0;
  const total = job?.total ?? devices.length;
  const all = (job?.results ?? []).filter((r) => r.key !== '_job');
  const failed = all.filter((r) => !r.ok).length;
  const already = all.filter((r) => r.ok && r.outcome === 'already').length;
  const skipped = all.filter((r) => r.ok && r.outcome === 'skipped').length;
  const jobError = results.get('_job');
  return (
    <div className="power-results">
      <p aria-live="polite" data-testid="power-job-status">
        {job ? STATUS_WORDS[job.status] : 'Starting'}: {done} of {total}
        {already > 0 ? `, ${already} already there` : ''}
        {skipped > 0 ? `, ${skipped} skipped` : ''}
        {failed > 0 ? `, ${failed} failed` : ''}
      </p>
      <progress max={Math.max(total, 1)} value={done} aria-label="Power job progress" />
      {jobError ? <p className="bad">{jobError.error?.message}</p> : null}
      {asking.map((c) => (
        <ConsentPrompt
          key={`${c.deviceId}:${c.previous?.message ?? ''}`}
          request={c}
          onDone={() => onConsentDone?.(c.jobId, c.deviceId)}
        />
      ))}
      <div className="power-table-wrap">
        <table className="data" aria-label="Power results">
          <TableHead columns={['Device', 'State before', 'Result', 'Details']} />
          <tbody>
            {devices.map((d) => {
              const r = results.get(d.deviceId);
              const waiting = askingIds.has(d.deviceId)
                ? 'Waiting for consent code'
                : job?.status === 'running'
                  ? 'Waiting…'
                  : job?.status === 'cancelled'
                    ? 'Not sent'
                    : '';
              return (
                <tr key={d.deviceId}>
                  <td>{d.name}</td>
                  <td>{d.state?.label ?? <span className="muted">unknown</span>}</td>
                  <td className={r ? resultClass(r) : 'muted'} data-testid="power-result">
                    {r ? resultWord(r) : waiting}
                  </td>
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
