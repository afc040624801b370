import { useUi } from '../app/store';
import { call } from '../app/api';
import { errorTitle } from '../app/error-text';
import type { JobItemResult, JobSnapshot } from '../../shared/ipc/jobs';

/** Failures shown at once under a job; the rest sit behind "Show all". */
const FAILURES_SHOWN = 20;

/** Why one item failed, in words and with its stable code. */
export function failureText(r: JobItemResult): string {
  if (!r.error) return r.detail ?? 'Failed';
  return `${errorTitle(r.error.code)}: ${r.error.message} (${r.error.code})`;
}

/** Which items of a job failed and why, so "5 failed" is never the whole story. */
function JobFailures({ job, failed }: { job: JobSnapshot; failed: JobItemResult[] }) {
  const label = `${failed.length} failed in ${job.title}`;
  const list = (items: JobItemResult[]) => (
    <ul className="job-failures" aria-label={label}>
      {items.map((r) => (
        <li key={r.key} data-testid="job-failure">
          <strong>{r.label}</strong>: {failureText(r)}
        </li>
      ))}
    </ul>
  );
  if (failed.length <= FAILURES_SHOWN) return list(failed);
  return (
    <>
      {list(failed.slice(0, FAILURES_SHOWN))}
      <details>
        <summary>Show all {failed.length} failures</summary>
        {list(failed.slice(FAILURES_SHOWN))}
      </details>
    </>
  );
}

function JobRow({ job }: { job: JobSnapshot }) {
  const toastError = useUi((s) => s.toastError);
  // The job-level failure (key "_job") is a failure of the whole job, shown the same way.
  const failed = job.results.filter((r) => !r.ok);
  const percent = job.total > 0 ? Math.round((job.done / job.total) * 100) : job.status === 'running' ? 0 : 100;
  return (
    <li className={`job job-${job.status}`}>
      <div className="job-head">
        <span className="job-title">{job.title}</span>
        <span className="job-status">
          {job.status} · {job.done}/{job.total}
          {failed.length > 0 ? ` · ${failed.length} failed` : ''}
        </span>
        {job.status === 'running' && (
          <button type="button" onClick={() => call('job.cancel', { id: job.id }).catch(toastError)}>
            Cancel
          </button>
        )}
      </div>
      <progress max={100} value={percent} aria-label={`${job.title} progress`} />
      {failed.length > 0 ? <JobFailures job={job} failed={failed} /> : null}
    </li>
  );
}

/** Every job of this session with a progress bar and a cancel button. */
export function JobsPanel() {
  const jobs = useUi((s) => s.jobs);
  const open = useUi((s) => s.jobsOpen);
  const setOpen = useUi((s) => s.setJobsOpen);
  if (!open) return null;
  return (
    <section className="jobs-panel" aria-label="Jobs" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <header>
        <h2>Jobs</h2>
        <button type="button" onClick={() => setOpen(false)} aria-label="Close jobs panel">
          Close
        </button>
      </header>
      {jobs.length === 0 ? <p className="muted">No jobs yet in this session.</p> : null}
      <ul role="list">
        {jobs.map((job) => (
          <JobRow key={job.id} job={job} />
        ))}
      </ul>
    </section>
  );
}
