import type { JobSnapshot } from '../../../shared/ipc/jobs';

const STATUS: Readonly<Record<JobSnapshot['status'], string>> = {
  running: 'Writing…',
  succeeded: 'Done',
  failed: 'Failed',
  partial: 'Partly done',
  cancelled: 'Cancelled',
};

/** The write job's progress and, once done, what was verified (or why it failed). */
export function JobResult({ job }: { job: JobSnapshot }) {
  const cls = job.status === 'succeeded' ? 'ok' : job.status === 'running' ? 'muted' : 'bad';
  return (
    <section className="usb-job" aria-label="Write progress" data-testid="write-job" data-status={job.status}>
      <h3>
        <span className={cls}>{STATUS[job.status]}</span> <span className="muted">{job.title}</span>
      </h3>
      <progress max={job.total || 1} value={job.done} aria-label="Write progress" />
      <ol className="usb-job-steps" aria-live="polite">
        {job.results.map((r) => (
          <li key={r.key} className={r.ok ? 'ok' : 'bad'}>
            {r.ok ? '✓ ' : '✗ '}
            {r.label}
            {r.detail ? <div data-testid="write-detail">{r.detail}</div> : null}
            {r.error ? <div>{r.error.message}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
