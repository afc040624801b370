import type { JobSnapshot } from '../../../shared/ipc/jobs';
import type { ProvisionStepEvent } from '../../../shared/ipc/provisioning';
import { TableHead } from '../../components/TableHead';

const STATUS_WORDS: Record<JobSnapshot['status'], string> = {
  running: 'Running',
  succeeded: 'Done',
  partial: 'Done with errors',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const MARK: Record<ProvisionStepEvent['state'], string> = { running: '…', done: '✓', failed: '✗', skipped: '–' };

interface StepsTableProps {
  label: string;
  job: JobSnapshot | null;
  /** The job's targets: the result key and what to call it. */
  targets: { key: string; name: string; resultKeys?: string[] }[];
  steps: Map<string, ProvisionStepEvent[]>;
}

/** A provisioning job as it runs: one row per device with its current step, and every step below. */
export function StepsTable({ label, job, targets, steps }: StepsTableProps) {
  const results = job?.results ?? [];
  const failed = results.filter((r) => !r.ok).length;
  return (
    <div className="provision-run">
      <p aria-live="polite" data-testid="provision-job-status">
        {job ? STATUS_WORDS[job.status] : 'Starting'}: {job?.done ?? 0} of {job?.total ?? targets.length}
        {failed > 0 ? `, ${failed} failed` : ''}
      </p>
      <progress
        max={Math.max(job?.total ?? targets.length, 1)}
        value={job?.done ?? 0}
        aria-label={`${label} progress`}
      />
      <table className="data" aria-label={label}>
        <TableHead columns={['Device', 'Step', 'Result']} />
        <tbody>
          {targets.map((t) => {
            const own = job ? (steps.get(`${job.id} ${t.key}`) ?? []) : [];
            const current = own.at(-1);
            const result = results.find((r) => r.label === t.name || r.key === t.key || t.resultKeys?.includes(r.key));
            return (
              <tr key={t.key}>
                <td>{t.name}</td>
                <td>
                  {current ? `${MARK[current.state]} ${current.label}` : <span className="muted">waiting</span>}
                  {own.length > 0 ? (
                    <details>
                      <summary>All steps</summary>
                      <ol className="provision-steps">
                        {own.map((s) => (
                          <li
                            key={s.step}
                            className={s.state === 'failed' ? 'bad' : s.state === 'done' ? 'ok' : undefined}
                          >
                            {MARK[s.state]} {s.label}
                          </li>
                        ))}
                      </ol>
                    </details>
                  ) : null}
                </td>
                <td className={result ? (result.ok ? 'ok' : 'bad') : 'muted'}>
                  {result
                    ? result.ok
                      ? result.detail
                      : `${result.error?.message ?? 'Failed'} (${result.error?.code ?? 'error'})`
                    : job?.status === 'cancelled'
                      ? 'Not done'
                      : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
